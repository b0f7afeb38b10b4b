import type { Keyring } from "../../crypto/keyring.ts";
import { verifyHotp } from "../../otp/verify-hotp.ts";
import { verifyTotp } from "../../otp/verify-totp.ts";
import type { OathSecretRow } from "../../store/queries/methods.ts";
import { openSeed } from "./open-seed.ts";

/** HOTP codes a token may show ahead of the last one used (pressed without signing in). */
export const hotpLookAhead = 10;

/**
 * Finds which of `methods` shows `code` at `timeMs`, and its time step (TOTP) or counter (HOTP,
 * after the last one used, or the last one used itself, so that a replay of it is told from a
 * wrong code as a TOTP replay is). Pure: the caller still has to claim the step or counter in
 * the store, so that a code counts once.
 */
export function matchOathCode(
  keyring: Keyring,
  methods: readonly OathSecretRow[],
  code: string,
  timeMs: number,
  window: number,
): { method: OathSecretRow; step: number } | undefined {
  for (const method of methods) {
    const key = openSeed(keyring, method.id, method.secretSealed);
    if (method.oathType === "hotp") {
      const pressed = verifyHotp(key, code, {
        counter: (method.lastStep ?? -1) + 1,
        lookAhead: hotpLookAhead,
        algorithm: method.algorithm,
        digits: method.digits,
      });
      if (pressed) return { method, step: pressed.counter };
      const replayed =
        method.lastStep !== null &&
        verifyHotp(key, code, {
          counter: method.lastStep,
          lookAhead: 0,
          algorithm: method.algorithm,
          digits: method.digits,
        });
      if (replayed) return { method, step: replayed.counter };
      continue;
    }
    const match = verifyTotp(key, code, {
      timeMs,
      period: method.period,
      algorithm: method.algorithm,
      digits: method.digits,
      window,
    });
    if (match) return { method, step: match.step };
  }
  return undefined;
}
