import type { GreetingLanguage } from "./greeting-kinds.ts";

/** Text as XML character data or an attribute value: the five special characters escaped. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => xmlEntities[c] ?? c);
}

// XML's five predefined entities, which every parser reads (numeric references not all do).
const xmlEntities: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** A greeting as the call renders it: a tenant's recording, or a script for text-to-speech. */
export type SpokenGreeting =
  | { readonly play: string; readonly say?: undefined }
  | { readonly say: string; readonly play?: undefined };

// The provider's text-to-speech voices by the call's language.
const sayLanguages: Record<GreetingLanguage, string> = { it: "it-IT", en: "en-US" };

/** `<Play>` for a recording, `<Say>` in the call's language for a script. */
export function greetingVerb(greeting: SpokenGreeting, language: GreetingLanguage): string {
  if (greeting.play !== undefined) return `<Play>${escapeXml(greeting.play)}</Play>`;
  return `<Say language="${sayLanguages[language]}">${escapeXml(greeting.say)}</Say>`;
}

/** A whole TwiML document around `verbs`. */
export function twimlResponse(verbs: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response>${verbs}</Response>\n`;
}
