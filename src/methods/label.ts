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

/** What is wrong with a refused label, for the page to say in words. */
export type LabelProblem =
  | { readonly kind: "empty" }
  | { readonly kind: "tooLong"; readonly length: number }
  | { readonly kind: "spaces" }
  | { readonly kind: "characters"; readonly characters: string };

/** Why `label` is refused, or undefined when it is allowed. */
export function labelProblem(label: string): LabelProblem | undefined {
  const trimmed = label.trim();
  if (labelPattern.test(trimmed)) return undefined;
  if (trimmed === "") return { kind: "empty" };
  if (/\s/u.test(trimmed)) return { kind: "spaces" };
  const refused = [...new Set(trimmed.replaceAll(/[A-Za-z0-9_-]/g, ""))];
  if (refused.length > 0) {
    // Shown as typed, escaped by the page; a control character is named by its code.
    const shown = refused
      .slice(0, 5)
      .map((c) => (/\p{C}/u.test(c) ? `U+${c.codePointAt(0)?.toString(16).toUpperCase()}` : c));
    return { kind: "characters", characters: shown.join(" ") };
  }
  return { kind: "tooLong", length: [...trimmed].length };
}
