import { type CallScript, greetingFor } from "./call-script.ts";
import { checkFraudCode } from "./fraud-code.ts";
import { callGreetings } from "./greeting-kinds.ts";
import { escapeXml, greetingVerb, twimlResponse } from "./twiml.ts";

/** Seconds the gather waits for the first key after the greeting, and between keys. */
export const gatherTimeoutSeconds = 10;

export type CallInstructionsInput = CallScript & {
  /** Where the provider posts the keys pressed (absolute; signed by the provider). */
  readonly digitsUrl: string;
};

/**
 * The instructions of a sign-in call (TwiML, the gather-digits model Twilio, Vonage and Plivo
 * share): the greeting inside a `<Gather>`, then, if no key is pressed, the no-input script and
 * `<Hangup/>`.
 *
 * The gather has no finishing key (`finishOnKey=""`): with Twilio's default `#`, a `#` pressed
 * before any other key posts nothing and falls through like a timeout, so approving could not be
 * told from silence. Without it `#` is a key like the others, and the gather posts as soon as
 * the fraud code's number of keys is pressed (`0#` at once), or, with fewer, when the timeout
 * passes after the last key (`#` alone). Silence posts nothing (no `actionOnEmptyResult`): the
 * call says the no-input script and hangs up, which denies. A fraud code that is not one
 * (fraud-code.ts) is refused with `invalid_fraud_code` rather than rendered.
 */
export function renderCallInstructions(input: CallInstructionsInput): string {
  const keys = checkFraudCode(input.fraudCode).length;
  const ask = greetingVerb(greetingFor(callGreetings.ask, input), input.language);
  const noInput = greetingVerb(greetingFor(callGreetings.noInput, input), input.language);
  const gather = `<Gather input="dtmf" numDigits="${keys}" finishOnKey="" timeout="${gatherTimeoutSeconds}" action="${escapeXml(input.digitsUrl)}" method="POST">${ask}</Gather>`;
  return twimlResponse(`${gather}${noInput}<Hangup/>`);
}
