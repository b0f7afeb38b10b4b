import { VarcoError } from "../errors/varco-error.ts";

// Entra's characters: letters, digits and ' . - _ ! # ^ ~ + before the @; a DNS name after it.
const upnPattern = /^[\p{L}\p{N}'._!#^~+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/u;

/**
 * Checks a user principal name and returns it trimmed. Entra's limits: name@domain with at most
 * 64 characters before the @ and 48 after it.
 */
export function checkUpn(upn: string): string {
  const trimmed = upn.trim();
  const [name = "", domain = ""] = trimmed.split("@");
  if (!upnPattern.test(trimmed) || name.length > 64 || domain.length > 48) {
    throw new VarcoError(
      "invalid_upn",
      "a UPN looks like name@domain, with at most 64 characters before the @ and 48 after",
    );
  }
  return trimmed;
}

/** The form UPNs are compared in: sign-in is case-insensitive, as in Entra. */
export function upnKey(upn: string): string {
  return upn.trim().normalize("NFC").toLowerCase();
}
