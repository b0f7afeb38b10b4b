import { randomInt } from "node:crypto";

/**
 * The characters of a pass: upper-case letters and digits, without the ones a person mistakes for
 * another when reading it off a screen or hearing it on the phone: 0/O, 1/l/I, 2/Z, 5/S, 8/B (so
 * no 0, 1, 2, 5, 8 and no O, I, Z, S, B; upper-case L stays, as no 1 or lower-case l is shown). 26 characters, about 4.70 bits each. The pass is
 * checked without regard to case, so "k" typed for "K" is right.
 */
export const passAlphabet = "34679ACDEFGHJKLMNPQRTUVWXY";

/**
 * Passes are at least this long: 10 characters of passAlphabet give 47.0 bits, no fewer than
 * the 8 characters (46.2 bits) of the 55-character, case-sensitive alphabet used before.
 */
export const minimumPassLength = 10;

/** A new pass of `length` characters (at least minimumPassLength). */
export function generatePass(length: number): string {
  let pass = "";
  for (let i = 0; i < Math.max(length, minimumPassLength); i++) {
    pass += passAlphabet[randomInt(passAlphabet.length)];
  }
  return pass;
}

/**
 * A pass as typed, in the form it is hashed: without spaces or hyphens (read out in groups) and
 * in upper case.
 */
export function normalisePass(typed: string): string {
  return typed.replaceAll(/[\s-]/g, "").toUpperCase();
}

/** The keyed-hash input: bound to the user, so a pass can never serve another account. */
export function passHashInput(userId: string, typed: string): string {
  return `temporary-access-pass:${userId}:${normalisePass(typed)}`;
}

/**
 * The keyed-hash input of a pass issued before passes were checked without regard to case: the
 * pass as typed, only trimmed, since it may hold lower-case letters. Such a pass lives at most 60
 * days (30 days ahead, 30 days long); it is checked this way too until then.
 */
export function casedPassHashInput(userId: string, typed: string): string {
  return `temporary-access-pass:${userId}:${typed.trim()}`;
}
