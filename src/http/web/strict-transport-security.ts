import type { FastifyInstance } from "fastify";

/**
 * HSTS (RFC 6797) on every answer when the public URL is https: a browser that has been here once
 * goes on using TLS for a year, on this host and its subdomains, so no one on the path can strip
 * it and read a password or a session cookie. Never over plain HTTP, where it would mean nothing.
 */
export const strictTransportSecurity = "max-age=31536000; includeSubDomains";

export function registerStrictTransportSecurity(app: FastifyInstance): void {
  app.addHook("onRequest", (_request, reply, done) => {
    reply.header("strict-transport-security", strictTransportSecurity);
    done();
  });
}
