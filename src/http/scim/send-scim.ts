import type { FastifyReply } from "fastify";

/** A SCIM answer: JSON as `application/scim+json` (RFC 7644 section 3.1). */
export function sendScim(reply: FastifyReply, body: object): FastifyReply {
  return reply.type("application/scim+json; charset=utf-8").send(JSON.stringify(body));
}
