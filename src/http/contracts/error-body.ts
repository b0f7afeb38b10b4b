import { type Static, Type } from "typebox";
import { type ErrorCode, errorCodes } from "../../errors/codes.ts";

/** The shape of every error answer of the API: `{ error: { code, message, detail? } }`. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.Enum(Object.keys(errorCodes) as ErrorCode[], {
        description: "Stable error code (docs/errors.md)",
      }),
      message: Type.String({ description: "The code's message, in English" }),
      detail: Type.Optional(
        Type.String({ description: "What exactly was wrong, when it is safe to say" }),
      ),
    }),
  },
  { description: "An error" },
);
export type ErrorBody = Static<typeof ErrorBody>;

const statusDescriptions = {
  400: "The request is not valid: invalid_request (bad JSON, a field out of its shape), invalid_characters (a control character) or the domain's own code",
  401: "No valid credentials: unauthorized",
  403: "The caller may not do this: forbidden",
  404: "Not found: the user, method, token or role assignment named does not exist here",
  409: "The request conflicts with the current state",
  411: "The upload has no Content-Length: length_required",
  413: "The body is too large: body_too_large",
  415: "The body's Content-Type is not accepted: unsupported_media_type",
  500: "Something went wrong on the server: internal_error",
  503: "The database does not answer (a restart, a failover, past its timeout): database_unavailable; try again after Retry-After seconds",
} as const;

export type ErrorStatus = keyof typeof statusDescriptions;

/**
 * The error answers of a route, one per status it can answer besides its success, each in the
 * shared error shape. 400, 500 and 503 are added to every list: any request can be refused at the
 * edge (a control character, a parameter given twice, a bad escape), any route can fail, and any
 * route can find the database away.
 */
export function errorResponses<const S extends Exclude<ErrorStatus, 400 | 500 | 503>>(
  ...statuses: (S | 400)[]
): Record<S | 400 | 500 | 503, typeof ErrorBody> {
  const responses: Partial<Record<ErrorStatus, typeof ErrorBody>> = {};
  for (const status of [...statuses, 400 as const, 500 as const, 503 as const])
    responses[status] = errorBodyOf(status);
  return responses as Record<S | 400 | 500 | 503, typeof ErrorBody>;
}

// One schema object per status, shared by every route that answers it: its serializer is
// compiled once (serializer-cache.ts).
const errorBodies = new Map<ErrorStatus, typeof ErrorBody>();
function errorBodyOf(status: ErrorStatus): typeof ErrorBody {
  let body = errorBodies.get(status);
  if (!body) {
    body = Type.With(ErrorBody, { description: statusDescriptions[status] });
    errorBodies.set(status, body);
  }
  return body;
}
