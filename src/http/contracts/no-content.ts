import { Type } from "typebox";

/**
 * The answer of a route that answers with no body (204, or 202 for an action that is done):
 * `reply.status(204).send()`.
 */
export const noContent = (description = "Done; no content") =>
  Type.Unsafe<void>(Type.Null({ description }));

export const NoContent = noContent();
