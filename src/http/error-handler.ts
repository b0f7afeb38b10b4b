import type { FastifyError, FastifyInstance } from "fastify";
import { errorCodes } from "../errors/codes.ts";
import { isVarcoError } from "../errors/varco-error.ts";

/** Every error leaves as `{ error: { code, message, detail? } }` with a stable code. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
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
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ error: { code: "not_found", message: errorCodes.not_found.en } }),
  );
}
