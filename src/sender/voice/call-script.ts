import { defaultGreetingScript } from "./default-scripts.ts";
import type { GreetingKind, GreetingLanguage } from "./greeting-kinds.ts";
import type { SpokenGreeting } from "./twiml.ts";

/** What every part of a sign-in call is said from. */
export type CallScript = {
  /** The user's language: the recordings' and the text-to-speech voice's. */
  readonly language: GreetingLanguage;
  readonly tenantName: string;
  /** The tenant's fraud code (fraud-code.ts), already checked. */
  readonly fraudCode: string;
  /**
   * The tenant's recordings in `language`, by kind: the absolute URL the provider fetches each
   * from (voice-greeting-routes.ts serves them). A kind without one is spoken from its script.
   */
  readonly recordings?: Readonly<Partial<Record<GreetingKind, string>>>;
};

/**
 * The greeting of `kind` for this call: the tenant's recording in the user's language when
 * there is one, else the default script, as Entra's "Custom greetings" fall back.
 */
export function greetingFor(kind: GreetingKind, script: CallScript): SpokenGreeting {
  const url = script.recordings?.[kind];
  if (url !== undefined) return { play: url };
  return { say: defaultGreetingScript(kind, script.language, script) };
}
