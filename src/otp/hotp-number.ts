import { createHmac } from "node:crypto";
import type { OtpKey } from "./check-otp-input.ts";

/**
 * HMAC of the counter and RFC 4226 §5.3 dynamic truncation, as a number below 10^digits.
 * Shared by generating and verifying; the caller passes an 8-byte scratch buffer so checking a
 * window of steps allocates nothing but the HMAC itself.
 */
export function hotpNumber(
  key: OtpKey,
  counter: number,
  hash: string,
  modulus: number,
  counterBytes: Buffer,
): number {
  // 8-byte big-endian counter; two 32-bit halves are exact for every safe integer.
  counterBytes.writeUInt32BE(Math.floor(counter / 0x1_0000_0000), 0);
  counterBytes.writeUInt32BE(counter >>> 0, 4);
  const mac = createHmac(hash, key).update(counterBytes).digest();
  const offset = mac.readUInt8(mac.length - 1) & 0x0f;
  return (mac.readUInt32BE(offset) & 0x7fffffff) % modulus;
}
