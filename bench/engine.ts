import { createHmac, createSecretKey, type KeyObject, randomBytes } from "node:crypto";
import { generateTotp } from "../src/otp/totp.ts";
import { verifyTotp } from "../src/otp/verify-totp.ts";
import { opsPerSecond } from "./timing.ts";

export type EngineFigures = {
  /** verifyTotp calls per second, each with the valid current code (one HMAC). */
  readonly verifyPerSecond: number;
  /** Bare createHmac("sha1", key).update(counter).digest() per second, same KeyObject keys. */
  readonly rawHmacPerSecond: number;
  /** rawHmacPerSecond / verifyPerSecond: what the engine costs over the HMAC it must compute. */
  readonly rawOverEngine: number;
};

const keyCount = 256;
const parameters = { period: 30, algorithm: "SHA1", digits: 6, window: 1 } as const;

/**
 * The TOTP engine against the HMAC it is built on. Codes are computed before the clock starts;
 * the two loops alternate for `rounds` rounds of about `ms` each and the best of each is kept,
 * so a burst of noise from a neighbour on the machine hurts neither side more than the other.
 */
export function benchEngine(options: { rounds: number; ms: number }): EngineFigures {
  const timeMs = Date.now();
  // KeyObjects on both sides, the form the server keeps opened seeds in.
  const keys: KeyObject[] = Array.from({ length: keyCount }, () =>
    createSecretKey(randomBytes(20)),
  );
  const codes = keys.map((key) => generateTotp(key, { timeMs, ...parameters }));
  const counter = Buffer.alloc(8);
  counter.writeUInt32BE(Math.floor(timeMs / 30_000), 4);

  let accepted = 0;
  const verifyBatch = (): void => {
    for (let index = 0; index < keyCount; index++) {
      if (verifyTotp(keys[index] as KeyObject, codes[index] as string, { timeMs, ...parameters })) {
        accepted++;
      }
    }
  };
  let sink = 0;
  const rawBatch = (): void => {
    for (let index = 0; index < keyCount; index++) {
      const mac = createHmac("sha1", keys[index] as KeyObject)
        .update(counter)
        .digest();
      sink ^= mac[19] ?? 0;
    }
  };

  // Warm-up: let both loops be optimised before anything is timed.
  opsPerSecond(verifyBatch, keyCount, options.ms / 4);
  opsPerSecond(rawBatch, keyCount, options.ms / 4);
  let verifyPerSecond = 0;
  let rawHmacPerSecond = 0;
  for (let round = 0; round < options.rounds; round++) {
    accepted = 0;
    const verify = opsPerSecond(verifyBatch, keyCount, options.ms);
    if (accepted === 0 || accepted % keyCount !== 0) {
      throw new Error(`verifyTotp rejected valid codes (${accepted} accepted)`);
    }
    verifyPerSecond = Math.max(verifyPerSecond, verify);
    rawHmacPerSecond = Math.max(rawHmacPerSecond, opsPerSecond(rawBatch, keyCount, options.ms));
  }
  if (sink < 0) throw new Error("unreachable: keeps the HMAC results alive");
  return { verifyPerSecond, rawHmacPerSecond, rawOverEngine: rawHmacPerSecond / verifyPerSecond };
}
