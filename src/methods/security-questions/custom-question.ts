import { VarcoError } from "../../errors/varco-error.ts";

/**
 * A question an administrator wrote for the tenant: shown as typed, in every language (as in
 * Entra, custom questions are not translated).
 */
export type CustomSecurityQuestion = {
  readonly id: string;
  /** `custom:<id>`: the key a user's answer is stored under. */
  readonly key: string;
  readonly text: string;
  readonly createdAt: number;
};

/** At most 200 characters, as Entra allows for a custom security question. */
export const maxCustomQuestionLength = 200;

/** The most custom questions a tenant keeps. */
export const maxCustomQuestions = 20;

const customPrefix = "custom:";

/** The key a custom question's answers are stored under. */
export function customQuestionKey(id: string): string {
  return `${customPrefix}${id}`;
}

/** The custom question's id in `key`, or undefined when `key` is not a custom question's. */
export function customQuestionIdOf(key: string): string | undefined {
  return key.startsWith(customPrefix) ? key.slice(customPrefix.length) : undefined;
}

/**
 * A custom question's text as it is kept: trimmed, 1 to 200 characters (code points), any
 * script, no control character (a line break included: it is one line on the page).
 */
export function checkCustomQuestionText(text: string): string {
  const trimmed = text.normalize("NFC").trim();
  const length = [...trimmed].length;
  if (length === 0 || length > maxCustomQuestionLength || /\p{Cc}/u.test(trimmed))
    throw new VarcoError(
      "invalid_custom_question",
      `${length} characters${/\p{Cc}/u.test(trimmed) ? ", with a control character" : ""}`,
    );
  return trimmed;
}
