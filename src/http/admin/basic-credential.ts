import { hasControlCharacter } from "../control-characters.ts";

/** The longest client id or secret read, as in the token request's form body. */
const maxLength = 200;

const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The client id and secret of an HTTP Basic credential at the token endpoint (RFC 6749 section
 * 2.3.1: each form-encoded, then joined by a colon and base64-encoded, RFC 7617); "malformed"
 * when it is not that: not base64, not UTF-8, no colon, a bad percent-escape, a control
 * character, or longer than the form body allows. Section 5.2 answers a malformed one with 400
 * invalid_request.
 */
export function readBasicCredential(encoded: string): { id: string; secret: string } | "malformed" {
  if (!base64.test(encoded) || encoded.length % 4 === 1) return "malformed";
  let text: string;
  try {
    text = utf8.decode(Buffer.from(encoded, "base64"));
  } catch {
    return "malformed";
  }
  const colon = text.indexOf(":");
  if (colon < 0) return "malformed";
  const id = formDecode(text.slice(0, colon));
  const secret = formDecode(text.slice(colon + 1));
  if (id === undefined || secret === undefined) return "malformed";
  for (const part of [id, secret]) {
    if (part.length > maxLength || hasControlCharacter(part)) return "malformed";
  }
  return { id, secret };
}

/** application/x-www-form-urlencoded decoding of one value; undefined for a bad escape. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replaceAll("+", " "));
  } catch {
    return undefined;
  }
}
