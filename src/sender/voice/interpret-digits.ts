/** What the keys pressed during a sign-in call mean. */
export type CallAnswer = "approve" | "fraud" | "deny";

/**
 * Reads the `Digits` a gather posted back (render-call-instructions.ts gathers with no finishing
 * key, so `#` arrives as a key). The fraud code wins first; then `#` approves, also pressed twice
 * by someone who heard nothing while the gather waited for a second key; anything else denies.
 * Only digits from a request whose signature was verified may be given here.
 */
export function interpretDigits(digits: string, fraudCode: string): CallAnswer {
  if (digits === fraudCode) return "fraud";
  if (digits === "#" || digits === "##") return "approve";
  return "deny";
}
