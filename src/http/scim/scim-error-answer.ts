import type { FastifyReply, FastifyRequest } from "fastify";
import { type ErrorCode, errorCodes } from "../../errors/codes.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { errorSchema } from "../../scim/schemas.ts";
import { isDatabaseUnavailable } from "../../store/database-unavailable.ts";
import { asVarcoError } from "../framework-errors.ts";
import { sendScim } from "./send-scim.ts";

// RFC 7644 section 3.12's scimType for each code that has one; a 400 without one of its own is
// a value Varco's rules refused (invalid_upn, invalid_mail, password_too_guessable…).
const scimTypes: Partial<Record<ErrorCode, string>> = {
  scim_invalid_filter: "invalidFilter",
  scim_invalid_path: "invalidPath",
  scim_invalid_syntax: "invalidSyntax",
  invalid_request: "invalidSyntax",
  unsupported_media_type: "invalidSyntax",
  scim_no_target: "noTarget",
  scim_mutability: "mutability",
  scim_invalid_value: "invalidValue",
  user_exists: "uniqueness",
  group_exists: "uniqueness",
  scim_external_id_exists: "uniqueness",
};

/**
 * Every error under /scim/v2 in SCIM's format (RFC 7644 section 3.12): the Error schema, the
 * status as a string, a scimType where the RFC has one, and a detail that begins with Varco's
 * stable code (docs/errors.md). A database away answers 503 with Retry-After; anything else not
 * caused by the request is Varco's fault, logged, and answers 500.
 */
export function answerScimError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const varco =
    asVarcoError(error) ??
    (isDatabaseUnavailable(error)
      ? new VarcoError("database_unavailable", "the database is unavailable", { cause: error })
      : undefined);
  if (varco?.code === "database_unavailable") {
    request.log.warn({ reason: varco.detail }, "database unavailable");
    reply.header("retry-after", "5");
  } else if (!varco || varco.status >= 500) {
    request.log.error({ err: error }, varco ? varco.message : "unhandled error");
  }
  const code: ErrorCode = varco?.code ?? "internal_error";
  const status = varco?.status ?? 500;
  const scimType = scimTypes[code] ?? (status === 400 ? "invalidValue" : undefined);
  if (status === 401) reply.header("www-authenticate", 'Bearer realm="varco"');
  const detail =
    varco?.expose && varco.detail ? `${code}: ${varco.detail}` : `${code}: ${errorCodes[code].en}`;
  return sendScim(reply.status(status), {
    schemas: [errorSchema],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail,
  });
}
