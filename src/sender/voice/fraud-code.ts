import { VarcoError } from "../../errors/varco-error.ts";

/** Entra's default: "press 0 followed by # to submit a fraud alert". */
export const defaultFraudCode = "0#";

/**
 * A fraud code is one or two keys of the phone's keypad (0-9, `*`, `#`) and is never `#` alone,
 * which approves. Keys are gathered with no finishing key (render-call-instructions.ts), so `#`
 * is read as a key like any other and `0#` stays apart from `#`.
 */
export function isFraudCode(value: string): boolean {
  return /^[0-9*#]{1,2}$/.test(value) && value !== "#";
}

/** The fraud code as given, or `invalid_fraud_code`. */
export function checkFraudCode(value: string): string {
  if (!isFraudCode(value)) {
    throw new VarcoError(
      "invalid_fraud_code",
      "a fraud code is one or two of the keys 0-9, * and #, and not # alone",
    );
  }
  return value;
}
