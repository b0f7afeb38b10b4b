import { predefinedSecurityQuestion } from "./catalogue.ts";
import type { CustomSecurityQuestion } from "./custom-question.ts";

/**
 * The words of the question with this key: a predefined one in the user's language, a custom
 * one as the administrator typed it (whatever the language); undefined for a key that is neither
 * (a custom question deleted meanwhile).
 */
export function securityQuestionText(
  key: string,
  language: "it" | "en",
  custom: readonly CustomSecurityQuestion[],
): string | undefined {
  const predefined = predefinedSecurityQuestion(key);
  if (predefined) return predefined[language];
  return custom.find((question) => question.key === key)?.text;
}
