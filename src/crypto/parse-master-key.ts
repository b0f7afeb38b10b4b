import { VarcoError } from "../errors/varco-error.ts";

const keyLength = 32;
const hexKey = /^[0-9a-fA-F]{64}$/;
// Standard and URL-safe alphabets, optional padding: 32 bytes are 43 characters plus one "=".
const base64Key = /^[A-Za-z0-9+/_-]{43}=?$/;

/**
 * Reads a 32-byte master key written as 64 hex characters, base64 or base64url.
 * `source` names where the text came from (an environment variable, a file path) for the error;
 * the text itself is never repeated, since it may be a real key with a typo.
 */
export function parseMasterKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (hexKey.test(trimmed)) {
    key = Buffer.from(trimmed, "hex");
  } else if (base64Key.test(trimmed)) {
    key = Buffer.from(trimmed.replace(/=$/, ""), "base64url");
  }
  if (key?.length !== keyLength) {
    throw new VarcoError("invalid_master_key", `${source} must be 32 bytes in base64 or hex`);
  }
  return key;
}
