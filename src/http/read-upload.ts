import { isVarcoError, VarcoError } from "../errors/varco-error.ts";

/**
 * The items of an uploaded body (`request.parts()`, a part's file stream), read as they arrive.
 * When the upload itself is malformed (no multipart boundary, a part cut short, the connection
 * closed mid-file), the parser's plain error becomes `invalid_request`: the request is wrong,
 * not Varco. Errors that already carry a status (a Varco code, a plugin's 413) pass unchanged.
 */
export async function* readUpload<T>(
  open: () => AsyncIterable<T>,
  what: string,
): AsyncGenerator<T, void, undefined> {
  try {
    yield* open();
  } catch (error) {
    const status = (error as { statusCode?: unknown } | null)?.statusCode;
    if (isVarcoError(error) || typeof status === "number") throw error;
    throw new VarcoError("invalid_request", `the upload is not valid ${what}`, { cause: error });
  }
}
