/**
 * The greetings a call may say, as Entra's "Phone call settings" name them under "Custom
 * greetings" (its message names, in the order its table of default scripts lists them). Each can
 * be replaced per language by a tenant's recording; otherwise its default script is spoken.
 */
export const greetingKinds = [
  "authenticationSuccessful",
  "extensionPrompt",
  "fraudConfirmation",
  "fraudGreeting",
  "fraudReported",
  "activation",
  "authenticationDeniedRetry",
  "retry",
  "greeting",
  "greetingPin",
  "fraudGreetingPin",
  "retryPin",
  "extensionPromptAfterDigits",
  "authenticationDenied",
  "activationGreeting",
  "activationRetry",
  "activationGreetingPin",
  "extensionPromptBeforeDigits",
] as const;

export type GreetingKind = (typeof greetingKinds)[number];

export function isGreetingKind(value: string): value is GreetingKind {
  return (greetingKinds as readonly string[]).includes(value);
}

/** The languages a greeting is kept and spoken in: those of Varco's pages. */
export const greetingLanguages = ["it", "en"] as const;

export type GreetingLanguage = (typeof greetingLanguages)[number];

export function isGreetingLanguage(value: string): value is GreetingLanguage {
  return (greetingLanguages as readonly string[]).includes(value);
}

/**
 * Which greeting each moment of a sign-in call uses. The call always offers the fraud code
 * (Entra's "Report suspicious activity"), so it opens with the fraud greeting, not the plain one.
 */
export const callGreetings = {
  /** Said (or played) while the keys are gathered. */
  ask: "fraudGreeting",
  /** `#` pressed: the sign-in is approved. */
  approved: "authenticationSuccessful",
  /** The fraud code pressed: the sign-in is reported. */
  fraud: "fraudConfirmation",
  /** Other keys pressed. */
  denied: "authenticationDeniedRetry",
  /** No key before the gather's timeout. */
  noInput: "authenticationDenied",
} as const satisfies Record<string, GreetingKind>;
