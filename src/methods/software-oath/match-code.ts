import type { Keyring } from "../../crypto/keyring.ts";
import { verifyTotp } from "../../otp/verify-totp.ts";
import type { OathSecretRow } from "../../store/queries/methods.ts";
import { openSeed } from "./open-seed.ts";

/**
 * Finds which of `methods` shows `code` at `timeMs`, and the time step it belongs to. Pure: the
 * caller still has to claim the step in the store, so that a code counts once.
 */
export function matchTotpCode(
  keyring: Keyring,
  methods: readonly OathSecretRow[],
  code: string,
  timeMs: number,
  window: number,
): { method: OathSecretRow; step: number } | undefined {
  for (const method of methods) {
    const key = openSeed(keyring, method.id, method.secretSealed);
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
