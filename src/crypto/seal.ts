import { createCipheriv } from "node:crypto";
import type { Keyring } from "./keyring.ts";
import { randomBytes } from "./random.ts";
import { ivLength, sealVersion, tagLength } from "./seal-format.ts";

export { openSealed } from "./open-sealed.ts";

/**
 * Encrypts a secret at rest (OTP seeds) with AES-256-GCM under the current master key.
 * `context` names where the value lives (e.g. "method:<id>:seed"); it is authenticated, not
 * stored, so a sealed value copied to another row does not open there.
 */
export function seal(keyring: Keyring, plaintext: Uint8Array, context: string): string {
  const masterKey = keyring.current;
  // A fresh random 96-bit IV per message; GCM must never reuse one under the same key.
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv("aes-256-gcm", masterKey.sealKey, iv, {
    authTagLength: tagLength,
  });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return [sealVersion, masterKey.id, iv.toString("base64url"), body.toString("base64url")].join(
    ".",
  );
}
