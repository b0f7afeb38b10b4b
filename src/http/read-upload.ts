import type { IncomingHttpHeaders } from "node:http";
import { isVarcoError, VarcoError } from "../errors/varco-error.ts";

/** The largest token file an administrator may upload (Entra takes files up to 250 KB). */
export const maxTokenFileBytes = 64 * 1024 * 1024;
/** What a page's multipart upload adds around the file: its boundaries and form fields. */
const multipartAllowance = 64 * 1024;

/**
 * Refuses an upload by the size it declares, before a byte of it is read: an import commits its
 * rows as it goes, so a file found too large halfway would leave half of it imported. Node ends
 * a body at its `Content-Length`, so a body never holds more than it declares; one sent without
 * a length (chunked) cannot be measured in advance and is refused with `length_required`.
 */
export function checkUploadLength(
  headers: IncomingHttpHeaders,
  options: { multipart: boolean },
): void {
  const declared = headers["content-length"];
  if (declared === undefined) {
    throw new VarcoError("length_required", "send the file with a Content-Length");
  }
  const limit = maxTokenFileBytes + (options.multipart ? multipartAllowance : 0);
  if (Number(declared) > limit) {
    throw new VarcoError(
      "body_too_large",
      `the file is larger than ${maxTokenFileBytes / 1024 / 1024} MB: nothing was imported`,
    );
  }
}

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
