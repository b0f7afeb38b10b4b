import { randomInt } from "node:crypto";

/** Seed 004: a set of 12 single-use codes, to print and keep. */
export const backupCodeCount = 12;

// Crockford's Base32 alphabet: no I, L, O or U, so codes read aloud or copied by hand survive.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** One code: 10 characters, 50 bits, shown as `XXXXX-XXXXX`. */
export function generateBackupCode(): string {
  let code = "";
  for (let i = 0; i < 10; i++) code += alphabet[randomInt(alphabet.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The form codes are hashed in: what a person typed, without spaces or dashes, misreadings fixed. */
export function normaliseBackupCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

/** The keyed-hash input: bound to the user, so a code can never serve another account. */
export function backupCodeHashInput(userId: string, code: string): string {
  return `backup-code:${userId}:${normaliseBackupCode(code)}`;
}
