import { VarcoError } from "../errors/varco-error.ts";
import { contextWords, estimateGuessability } from "./password-guessability.ts";

export const minPasswordLength = 8;
export const maxPasswordLength = 256;

/**
 * The fewest guesses (as log10) a new password must need: 10^8, where zxcvbn's score 3 begins
 * ("safely unguessable") and where eight random characters sit. Common and breached passwords, a
 * word or a name with a digit or a l33t change, keyboard runs, dates and the user's own names fall
 * well below it. No composition rule (NIST SP 800-63B section 3.1.1.2).
 */
export const minGuessesLog10 = 8;

/** Who the password is for: their words make a guessable password (NIST's context-specific words). */
export type PasswordOwner = {
  readonly upn?: string | undefined;
  readonly displayName?: string | undefined;
  readonly tenantName?: string | undefined;
  readonly tenantDisplayName?: string | undefined;
};

/**
 * A new password: Entra's length rule (8 to 256 characters), then not guessable. The errors say
 * why, never what was typed.
 */
export async function checkPassword(password: string, owner: PasswordOwner = {}): Promise<string> {
  const length = [...password].length;
  if (length < minPasswordLength || length > maxPasswordLength) {
    throw new VarcoError(
      "invalid_password",
      `a password has ${minPasswordLength} to ${maxPasswordLength} characters`,
    );
  }
  const own = contextWords(
    [owner.upn, owner.displayName, owner.tenantName, owner.tenantDisplayName].filter(
      (value): value is string => value !== undefined,
    ),
  );
  const { guessesLog10, warning } = await estimateGuessability(password, own);
  if (guessesLog10 < minGuessesLog10) {
    throw new VarcoError("password_too_guessable", `the password is ${reasonOf(warning)}`);
  }
  return password;
}

function reasonOf(warning: string | null): string {
  switch (warning) {
    case "topTen":
    case "topHundred":
    case "common":
    case "similarToCommon":
    case "pwned":
      return "a common password, or close to one";
    case "userInputs":
      return "made of the user's own name, user name or organisation";
    default:
      return "too easy to guess (words, names, dates, keyboard runs or repeats)";
  }
}
