import { VarcoError } from "../errors/varco-error.ts";

const labelPattern = /^[A-Za-z0-9_-]{1,20}$/;

/** Seed 004: an OTP entry's label has at most 20 letters, digits, `_` or `-`. */
export function checkMethodLabel(label: string): string {
  const trimmed = label.trim();
  if (!labelPattern.test(trimmed)) {
    throw new VarcoError(
      "invalid_label",
      `label ${JSON.stringify(trimmed.slice(0, 40))} is not allowed`,
    );
  }
  return trimmed;
}
