import { hashPassword } from "../../crypto/password.ts";

/**
 * What is hashed for an answer: the normalised answer bound to the user and the question, so a
 * hash copied to another user's row, or to another question, matches nothing.
 */
export function securityAnswerHashInput(
  userId: string,
  questionKey: string,
  normalisedAnswer: string,
): string {
  return `${userId}\0${questionKey}\0${normalisedAnswer}`;
}

/** The argon2id hash of an answer already normalised (off the event loop: crypto/password.ts). */
export function hashSecurityAnswer(
  userId: string,
  questionKey: string,
  normalisedAnswer: string,
): Promise<string> {
  return hashPassword(securityAnswerHashInput(userId, questionKey, normalisedAnswer));
}
