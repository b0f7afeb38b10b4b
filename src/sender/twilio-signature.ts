import { createHmac } from "node:crypto";
import { constantTimeEqual } from "../crypto/constant-time.ts";

/**
 * The `X-Twilio-Signature` of a webhook request, as Twilio computes it (and the providers that
 * copy its webhooks): HMAC-SHA1, keyed with the account's auth token, over the full URL the
 * request was sent to (scheme, host, path and query string, exactly as configured) followed by
 * each POST parameter's name and value, sorted by name, with no separators; in base64.
 */
export function signTwilioRequest(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string>>,
): string {
  const hmac = createHmac("sha1", authToken).update(url, "utf8");
  // Sorted by UTF-16 code units, as the providers' own helper libraries sort.
  for (const name of Object.keys(params).sort()) {
    hmac.update(name, "utf8").update(params[name] ?? "", "utf8");
  }
  return hmac.digest("base64");
}

/**
 * Whether `signature` is the one `signTwilioRequest` gives for this request. A missing or empty
 * signature is never valid; the comparison takes the same time wherever the two differ, so a
 * caller cannot forge one byte by byte. Digits from a request this refuses must not be trusted.
 */
export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string>>,
  signature: string | undefined,
): boolean {
  if (!signature || authToken === "") return false;
  return constantTimeEqual(signTwilioRequest(authToken, url, params), signature);
}
