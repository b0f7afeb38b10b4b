import { randomInt } from "node:crypto";

// Letters and digits a person reads out over the phone without confusion: no 0/O, 1/I/l.
const alphabet = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

/** A new pass of `length` characters (8 give 46 bits; the tenant may ask for up to 48). */
export function generatePass(length: number): string {
  let pass = "";
  for (let i = 0; i < length; i++) pass += alphabet[randomInt(alphabet.length)];
  return pass;
}

/** The keyed-hash input: bound to the user, so a pass can never serve another account. */
export function passHashInput(userId: string, typed: string): string {
  return `temporary-access-pass:${userId}:${typed.trim()}`;
}
