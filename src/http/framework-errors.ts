import type { FastifyError } from "fastify";
import type { ErrorCode } from "../errors/codes.ts";
import { isVarcoError, VarcoError } from "../errors/varco-error.ts";

// Fastify's and its plugins' codes (fastify lib/errors.js, @fastify/multipart index.js) that
// have a Varco code of their own; any other error they raise about a request is invalid_request.
const codeOf: Partial<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_INVALID_MULTIPART_CONTENT_TYPE: "unsupported_media_type",
  FST_ERR_CTP_BODY_TOO_LARGE: "body_too_large",
  FST_REQ_FILE_TOO_LARGE: "body_too_large",
  FST_PARTS_LIMIT: "body_too_large",
  FST_FILES_LIMIT: "body_too_large",
  FST_FIELDS_LIMIT: "body_too_large",
  FST_ERR_NOT_FOUND: "not_found",
};

// What the caller may read about each: their own words, without echoing what was sent.
const detailOf: Partial<Record<string, string>> = {
  FST_ERR_BAD_URL: "the URL holds a malformed percent-escape or is not UTF-8",
  FST_ERR_MAX_PARAM_LENGTH: "a part of the URL path is too long",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "the body's Content-Type is not accepted here",
  FST_ERR_CTP_BODY_TOO_LARGE: "the body is over the limit",
};

/**
 * The Varco error for an error thrown while handling a request: itself when it is one; for an
 * error Fastify or a plugin raised about the request (a 4xx `statusCode`: bad URL, content type,
 * JSON, body size, schema validation, multipart limits) the Varco code that says so; undefined
 * for anything else, which is Varco's fault and answers 500.
 */
export function asVarcoError(error: unknown): VarcoError | undefined {
  if (isVarcoError(error)) return error;
  const { code, statusCode, validation, message } = (error ?? {}) as Partial<FastifyError>;
  const clientError =
    validation !== undefined ||
    (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500);
  if (!clientError) return undefined;
  const known = code === undefined ? undefined : codeOf[code];
  const detail = (code === undefined ? undefined : detailOf[code]) ?? message;
  return new VarcoError(known ?? "invalid_request", detail, { cause: error });
}
