import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorCodes } from "../errors/codes.ts";
import { isVarcoError } from "../errors/varco-error.ts";
import { negotiateLanguage } from "../web/negotiate-language.ts";
import { renderPage } from "../web/render-page.ts";
import { securityHeaders } from "../web/security-headers.ts";

/** Every error leaves as `{ error: { code, message, detail? } }` with a stable code. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (wantsPage(request)) {
      const status = isVarcoError(error)
        ? error.status
        : error.statusCode && error.statusCode < 500
          ? error.statusCode
          : 500;
      if (status >= 500) request.log.error({ err: error }, "page error");
      const code = isVarcoError(error)
        ? error.code
        : status < 500
          ? "invalid_request"
          : "internal_error";
      return sendErrorPage(request, reply, code, status);
    }
    if (isVarcoError(error)) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      if (error.code === "unauthorized") reply.header("www-authenticate", 'Bearer realm="varco"');
      return reply.status(error.status).send({
        error: {
          code: error.code,
          message: errorCodes[error.code].en,
          ...(error.expose && error.detail ? { detail: error.detail } : {}),
        },
      });
    }
    if (error.validation || (error.statusCode && error.statusCode < 500)) {
      return reply
        .status(error.statusCode && error.statusCode !== 500 ? error.statusCode : 400)
        .send({
          error: {
            code: "invalid_request",
            message: errorCodes.invalid_request.en,
            detail: error.message,
          },
        });
    }
    request.log.error({ err: error }, "unhandled error");
    return reply
      .status(500)
      .send({ error: { code: "internal_error", message: errorCodes.internal_error.en } });
  });
  app.setNotFoundHandler((request, reply) =>
    wantsPage(request)
      ? sendErrorPage(request, reply, "not_found", 404)
      : reply.status(404).send({ error: { code: "not_found", message: errorCodes.not_found.en } }),
  );
}

/** People's browsers get pages; the API, health checks and scripts get JSON. */
function wantsPage(request: FastifyRequest): boolean {
  const path = request.url.split("?")[0] ?? "";
  if (path.startsWith("/api/") || ["/healthz", "/readyz", "/metrics"].includes(path)) return false;
  return (request.headers.accept ?? "").includes("text/html");
}

function sendErrorPage(
  request: FastifyRequest,
  reply: FastifyReply,
  code: string,
  status: number,
): FastifyReply {
  const lang = negotiateLanguage({ acceptLanguage: request.headers["accept-language"] });
  const html = renderPage(
    "error",
    { code },
    { lang, csrfToken: "", tenantName: "Varco", signedIn: false, isAdmin: false, path: "/" },
  );
  return reply
    .status(status)
    .headers(securityHeaders())
    .type("text/html; charset=utf-8")
    .send(html);
}
