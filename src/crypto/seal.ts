import { createCipheriv } from "node:crypto";
import type { Keyring } from "./keyring.ts";
import { randomBytes } from "./random.ts";
import { ivLength, sealVersion, tagLength } from "./seal-format.ts";

export { openSealed } from "./open-sealed.ts";

// A fresh random 96-bit IV per message; GCM must never reuse one under the same key. IVs come
// from a pool filled 1,024 at a time (each random call costs far more than its bytes when a
// token import seals 100,000 seeds); a used pool is dropped, never refilled in place.
let ivPool: Buffer = Buffer.alloc(0);
let ivOffset = 0;
function freshIv(): Buffer {
  if (ivOffset + ivLength > ivPool.length) {
    ivPool = randomBytes(ivLength * 1024);
    ivOffset = 0;
  }
  ivOffset += ivLength;
  return ivPool.subarray(ivOffset - ivLength, ivOffset);
}

/**
 * Encrypts a secret at rest (OTP seeds) with AES-256-GCM under the current master key.
 * `context` names where the value lives (e.g. "method:<id>:seed"); it is authenticated, not
 * stored, so a sealed value copied to another row does not open there.
 */
export function seal(keyring: Keyring, plaintext: Uint8Array, context: string): string {
  const masterKey = keyring.current;
  const iv = freshIv();
  const cipher = createCipheriv("aes-256-gcm", masterKey.sealKey, iv, {
    authTagLength: tagLength,
  });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return [sealVersion, masterKey.id, iv.toString("base64url"), body.toString("base64url")].join(
    ".",
  );
}
