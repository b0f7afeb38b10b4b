/**
 * The text form of sealed data, shared by seal and open:
 * `v1.<keyId>.<iv b64url>.<ciphertext+tag b64url>`.
 */
export const sealVersion = "v1";
export const ivLength = 12;
export const tagLength = 16;

const base64url = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url: only the canonical encoding decodes, so changing any character (even one
 * whose low bits the decoder would ignore) makes the sealed text invalid.
 */
export function decodeBase64url(text: string): Buffer | undefined {
  if (!base64url.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}
