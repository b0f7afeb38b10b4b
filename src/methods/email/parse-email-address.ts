import { VarcoError } from "../../errors/varco-error.ts";

// RFC 5321 section 4.1.2's Dot-string for the local part (no quoted strings) and a domain of
// letters, digits and hyphens (no address literals, no IDN: not every SMTP server takes
// SMTPUTF8). Section 4.5.3.1 sets the lengths: 64 before the @, 255 after; RFC 3696's erratum
// caps a whole address at 254.
const atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const localPart = new RegExp(`^${atom}(?:\\.${atom})*$`);
const label = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * An authentication e-mail address as typed, trimmed, or `invalid_email_address`: at most 254
 * characters, no control character nor space, one `@`, a dot-atom name of 1 to 64 characters, a
 * domain of at least two labels (1 to 63 letters, digits and hyphens each, no hyphen at either
 * end) whose last is not all digits. Kept as typed; compared lower-cased.
 */
export function parseEmailAddress(input: string): string {
  const address = input.trim();
  if (address.length === 0 || address.length > 254 || /[\p{Cc}\p{Z}\s]/u.test(address))
    throw new VarcoError("invalid_email_address");
  const at = address.lastIndexOf("@");
  const name = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (at < 1 || name.length > 64 || !localPart.test(name))
    throw new VarcoError("invalid_email_address", "the name before @ is not one SMTP takes");
  const labels = domain.split(".");
  if (
    domain.length > 253 ||
    labels.length < 2 ||
    !labels.every((l) => label.test(l)) ||
    /^[0-9]+$/.test(labels[labels.length - 1] ?? "")
  )
    throw new VarcoError("invalid_email_address", "the domain is not a host name");
  return address;
}

/** The form two addresses are compared in: SMTP domains ignore case, and in practice names do. */
export function emailAddressKey(address: string): string {
  return address.toLowerCase();
}
