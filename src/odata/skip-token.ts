import { VarcoError } from "../errors/varco-error.ts";

const maxSkipTokenLength = 1000;

/** $skiptoken: an opaque cursor (base64url of JSON) that the server made for the next page. */
export function encodeSkipToken(cursor: Readonly<Record<string, string | number>>): string {
  for (const [key, value] of Object.entries(cursor)) {
    if (key === "__proto__" || !isCursorValue(value)) {
      throw new TypeError(`encodeSkipToken: cannot encode the cursor field '${key}'`);
    }
  }
  const token = Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
  if (token.length > maxSkipTokenLength) {
    throw new TypeError(
      `encodeSkipToken: the cursor is longer than ${maxSkipTokenLength} characters`,
    );
  }
  return token;
}

/** The cursor inside a $skiptoken made by encodeSkipToken; absent or empty means the first page. */
export function decodeSkipToken(
  text: string | undefined,
): Record<string, string | number> | undefined {
  if (text === undefined || text === "") return undefined;
  const refused = new VarcoError("invalid_request", "$skiptoken is not valid");
  if (text.length > maxSkipTokenLength || !/^[A-Za-z0-9_-]+$/.test(text)) throw refused;
  const bytes = Buffer.from(text, "base64url");
  // Buffer is lenient; only the canonical spelling of the bytes is one we could have made.
  if (bytes.toString("base64url") !== text) throw refused;
  let cursor: unknown;
  try {
    cursor = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw refused;
  }
  if (typeof cursor !== "object" || cursor === null || Array.isArray(cursor)) throw refused;
  for (const [key, value] of Object.entries(cursor)) {
    if (key === "__proto__" || !isCursorValue(value)) throw refused;
  }
  return cursor as Record<string, string | number>;
}

/**
 * What the server puts in a cursor: a name or an id (no control character, which PostgreSQL text
 * cannot hold), or a time or a sequence number (a whole number a bigint holds). A token forged
 * with anything else never reaches a query.
 */
function isCursorValue(value: unknown): boolean {
  if (typeof value === "string") return value.length <= 512 && !/\p{Cc}/u.test(value);
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
