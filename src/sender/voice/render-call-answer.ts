import { type CallScript, greetingFor } from "./call-script.ts";
import { callGreetings } from "./greeting-kinds.ts";
import type { CallAnswer } from "./interpret-digits.ts";
import { greetingVerb, twimlResponse } from "./twiml.ts";

const greetingOf = {
  approve: callGreetings.approved,
  fraud: callGreetings.fraud,
  deny: callGreetings.denied,
} as const;

/**
 * What the call says once the keys are read (interpret-digits.ts): the success script, the fraud
 * confirmation, or the denial; then it hangs up. Nothing more is gathered.
 */
export function renderCallAnswer(answer: CallAnswer, script: CallScript): string {
  const greeting = greetingVerb(greetingFor(greetingOf[answer], script), script.language);
  return twimlResponse(`${greeting}<Hangup/>`);
}
