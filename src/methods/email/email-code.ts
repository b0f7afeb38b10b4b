import { constantTimeEqual } from "../../crypto/constant-time.ts";
import { keyedHash, keyedHashWith } from "../../crypto/keyed-hash.ts";
import type { Keyring } from "../../crypto/keyring.ts";
import { emailAddressKey } from "./parse-email-address.ts";

/** What a code is bound to: worth nothing for another purpose, user, asker or address. */
export type EmailCodeBinding = {
  readonly purpose: string;
  readonly userId: string;
  readonly boundTo: string;
  readonly address: string;
};

const hashed = (binding: EmailCodeBinding, code: string) =>
  [
    "email-code",
    binding.purpose,
    binding.userId,
    binding.boundTo,
    emailAddressKey(binding.address),
    code,
  ].join("\u0000");

/** What is kept of an e-mailed code: its keyed hash (a database dump reveals no code). */
export function emailCodeHash(keyring: Keyring, binding: EmailCodeBinding, code: string): string {
  return keyedHash(keyring, hashed(binding, code));
}

/** Whether `code` is the one `stored` was made from, compared in constant time. */
export function emailCodeMatches(
  keyring: Keyring,
  stored: string,
  binding: EmailCodeBinding,
  code: string,
): boolean {
  const typed = code.replace(/\s+/g, "");
  if (!/^[0-9]{1,12}$/.test(typed)) return false;
  const candidate = keyedHashWith(keyring, stored, hashed(binding, typed));
  return candidate !== undefined && constantTimeEqual(candidate, stored);
}
