import { VarcoError } from "../../errors/varco-error.ts";

/** Entra's default: "press 0 followed by # to submit a fraud alert". */
export const defaultFraudCode = "0#";

/**
 * A fraud code is one or two keys of the phone's keypad (0-9, `*`, `#`) and never starts with
 * `#`, which approves: `#` alone would be both, and `#1` would approve before its second key.
 * Keys are gathered with no finishing key (render-call-instructions.ts), so `#` is read as a key
 * like any other and `0#` stays apart from `#`.
 */
export function isFraudCode(value: string): boolean {
  return /^[0-9*#]{1,2}$/.test(value) && !value.startsWith("#");
}

/** The fraud code as given, or `invalid_fraud_code`. */
export function checkFraudCode(value: string): string {
  if (!isFraudCode(value)) {
    throw new VarcoError(
      "invalid_fraud_code",
      "a fraud code is one or two of the keys 0-9, * and #, and does not start with #",
    );
  }
  return value;
}
