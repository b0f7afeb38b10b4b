import { type ErrorCode, errorCodes } from "./codes.ts";

/**
 * The one error type Varco throws on purpose. `code` is stable and safe to show; `detail` says
 * what exactly is wrong for logs and operators (never a secret); `expose` tells the HTTP layer
 * whether the detail may be sent to the caller.
 */
export class VarcoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;
  readonly detail: string | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { expose?: boolean; cause?: unknown } = {},
  ) {
    super(detail ? `${code}: ${detail}` : code, { cause: options.cause });
    this.name = "VarcoError";
    this.code = code;
    this.status = errorCodes[code].status;
    this.expose = options.expose ?? this.status < 500;
    this.detail = detail;
  }

  /** The status under the name Fastify gives it, for error handlers that read a FastifyError. */
  get statusCode(): number {
    return this.status;
  }
}

export function isVarcoError(value: unknown, code?: ErrorCode): value is VarcoError {
  return value instanceof VarcoError && (code === undefined || value.code === code);
}
