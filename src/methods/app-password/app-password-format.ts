import { randomInt } from "node:crypto";

/** The most app passwords one user may have (Entra's limit, 40). */
export const maxAppPasswordsPerUser = 40;

/** The longest name of an app password, in characters. */
export const maxAppPasswordNameLength = 40;

/**
 * Letters in an app password: 20 lower-case letters of 26 give 94 bits, far beyond guessing
 * (and the throttle), so a keyed hash suffices to keep it (invariant 3), as for API keys. Only
 * letters: easy to type on a phone's keyboard, and nothing to mistake when read off a screen.
 */
export const appPasswordLength = 20;
const letters = "abcdefghijklmnopqrstuvwxyz";

/** A new app password, unbiased (randomInt draws each letter uniformly). */
export function generateAppPassword(): string {
  let password = "";
  for (let i = 0; i < appPasswordLength; i++) password += letters[randomInt(letters.length)];
  return password;
}

/** The password in groups of four, as it is shown for typing: "abcd efgh ijkl mnop qrst". */
export function groupAppPassword(password: string): string {
  return password.match(/.{1,4}/g)?.join(" ") ?? password;
}

/**
 * The password as typed, in the form it is hashed: without spaces (typed in groups, or not) and
 * in lower case (a phone's keyboard may capitalise the first letter).
 */
export function normaliseAppPassword(typed: string): string {
  return typed.replaceAll(/\s/g, "").toLowerCase();
}

/** The keyed-hash input: a domain of its own, so the hash is never another secret's. */
export function appPasswordHashInput(typed: string): string {
  return `app-password:${normaliseAppPassword(typed)}`;
}
