import { VarcoError } from "../errors/varco-error.ts";

export const minPasswordLength = 8;
export const maxPasswordLength = 256;

/** Entra's length rule: 8 to 256 characters. */
export function checkPassword(password: string): string {
  const length = [...password].length;
  if (length < minPasswordLength || length > maxPasswordLength) {
    throw new VarcoError(
      "invalid_password",
      `a password has ${minPasswordLength} to ${maxPasswordLength} characters`,
    );
  }
  return password;
}
