import type { Multipart } from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { csrfCookieBase, csrfFieldName, csrfTokenMatches } from "../../web/csrf.ts";
import { readUpload } from "../read-upload.ts";
import { originAllowed } from "./origin-check.ts";
import { readCookie, sendPage, type Web } from "./web-context.ts";

type Parts = AsyncIterableIterator<Multipart>;

// The parts of a multipart upload after its CSRF field, for the route to go on reading.
const remainingParts = new WeakMap<FastifyRequest, Parts>();

/**
 * The one CSRF check of the pages (DESIGN invariant 6): every POST outside the JSON API passes it
 * before its form is read. A request from another origin is refused first (origin-check.ts). A form carries the token in its `_csrf` field; a multipart upload as
 * its first field, read here from the stream before a byte of the file (the route then reads the
 * rest with `partsAfterCsrf`). The JSON API and SCIM defend themselves otherwise (JSON only, bearer
 * tokens).
 */
export function registerCsrfCheck(app: FastifyInstance, web: Web): void {
  // Before the form's shape is checked: a forged request is refused as such, whatever it sent.
  // A callback hook: the requests it does not apply to (every GET, the JSON API) pass at the
  // cost of a comparison, without a promise each.
  app.addHook("preValidation", (request, reply, done) => {
    if (
      request.method !== "POST" ||
      request.url.startsWith("/api/") ||
      request.url.startsWith("/scim/") ||
      // A telephony provider's callbacks carry its signature instead (voice-call-routes.ts).
      request.url.startsWith("/hooks/")
    )
      return done();
    // A refused request has its answer sent, and goes no further (done is not called).
    formPasses(web, request, reply).then((passes) => {
      if (passes) done();
    }, done);
  });
}

/** Whether a page's POST passes; when not, its 403 page is sent. */
async function formPasses(
  web: Web,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  if (!originAllowed(web.publicOrigin, request)) {
    sendPage(web, request, reply, "error", { code: "origin_refused" }, { status: 403 });
    return false;
  }
  const cookie = readCookie(web, request, csrfCookieBase);
  if (csrfTokenMatches(cookie, await presentedToken(request))) return true;
  refuse(web, request, reply);
  return false;
}

async function presentedToken(request: FastifyRequest): Promise<unknown> {
  // isMultipart exists only where the upload route registered the multipart parser.
  if (!request.isMultipart?.()) {
    return (request.body as Record<string, unknown> | undefined)?.[csrfFieldName];
  }
  // A malformed upload (no boundary, cut short) is the request's fault: invalid_request.
  const parts = readUpload(() => request.parts(), "multipart/form-data");
  const first = await parts.next();
  remainingParts.set(request, parts);
  const part = first.done ? undefined : first.value;
  return part?.type === "field" && part.fieldname === csrfFieldName ? part.value : undefined;
}

function refuse(web: Web, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendPage(web, request, reply, "error", { code: "csrf_failed" }, { status: 403 });
}

/** The parts of a multipart upload that follow its CSRF field, which the check has read. */
export function partsAfterCsrf(request: FastifyRequest): Parts {
  const parts = remainingParts.get(request);
  if (!parts) throw new Error("partsAfterCsrf: the CSRF check did not read this upload");
  return parts;
}
