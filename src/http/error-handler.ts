import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type ErrorCode, errorCodes } from "../errors/codes.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { isDatabaseUnavailable } from "../store/database-unavailable.ts";
import { negotiateLanguage } from "../web/negotiate-language.ts";
import { renderPage } from "../web/render-page.ts";
import { securityHeaders } from "../web/security-headers.ts";
import { asVarcoError } from "./framework-errors.ts";

/** Every error leaves as `{ error: { code, message, detail? } }` with a stable code. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => answerError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    wantsPage(request)
      ? sendErrorPage(request, reply, "not_found", 404)
      : reply.status(404).send({ error: { code: "not_found", message: errorCodes.not_found.en } }),
  );
}

/**
 * The one answer to an error, also for those Fastify raises before a route is found (its
 * `frameworkErrors`: a malformed URL): a person's browser gets the error page, the API Varco's
 * error JSON (the token endpoint has a handler of its own). What the request got wrong answers 4xx
 * with its code (framework-errors.ts); a database that is away or too slow answers 503
 * `database_unavailable`, to be tried again; anything else is Varco's fault, logged, and answers
 * 500.
 */
export function answerError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const varco = asVarcoError(error) ?? databaseUnavailable(error);
  if (varco?.code === "database_unavailable") {
    // Not a bug, and one line per request while it lasts: the reason, without a stack.
    request.log.warn({ reason: varco.detail }, "database unavailable");
  } else if (!varco || varco.status >= 500) {
    request.log.error({ err: error }, varco ? varco.message : "unhandled error");
  }
  const code: ErrorCode = varco?.code ?? "internal_error";
  const status = varco?.status ?? 500;
  const detail = varco?.expose ? varco.detail : undefined;
  if (code === "database_unavailable") reply.header("retry-after", "5");
  if (wantsPage(request)) return sendErrorPage(request, reply, code, status);
  if (code === "unauthorized") reply.header("www-authenticate", 'Bearer realm="varco"');
  return sendJson(reply.status(status), {
    error: { code, message: errorCodes[code].en, ...(detail ? { detail } : {}) },
  });
}

/** The 503 for an error that says the database is away or did not answer in time. */
function databaseUnavailable(error: unknown): VarcoError | undefined {
  if (!isDatabaseUnavailable(error)) return undefined;
  const reason = error instanceof Error ? error.message : String(error);
  return new VarcoError("database_unavailable", reason, { cause: error, expose: false });
}

/**
 * JSON in the error's own shape, whatever the route's response schema says for this status: a
 * route whose 401 is a sign-in step cannot serialize Varco's error, and that failure answered 500.
 */
function sendJson(reply: FastifyReply, body: object): FastifyReply {
  return reply.type("application/json; charset=utf-8").send(JSON.stringify(body));
}

/**
 * Fastify's `clientErrorHandler`: an HTTP request Node cannot parse (a bad request line or
 * header, headers too large, too slow) never reaches a route; it gets Varco's error JSON, with
 * 400, 431 or 408, and the connection closes.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, detail] =
    error.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? [408, "the request did not arrive in time"]
      : error.code === "HPE_HEADER_OVERFLOW"
        ? [431, "the request headers are too large"]
        : [400, "the HTTP request cannot be read"];
  const body = JSON.stringify({
    error: { code: "invalid_request", message: errorCodes.invalid_request.en, detail },
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        "Content-Type: application/json; charset=utf-8\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

function pathOf(request: FastifyRequest): string {
  return request.url.split("?")[0] ?? "";
}

/** People's browsers get pages; the API, health checks and scripts get JSON. */
function wantsPage(request: FastifyRequest): boolean {
  const path = pathOf(request);
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
