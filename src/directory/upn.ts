import { VarcoError } from "../errors/varco-error.ts";

const upnPattern = /^[^\s@]+@[^\s@]+$/u;

/** Checks a user principal name (name@domain) and returns it trimmed. */
export function checkUpn(upn: string): string {
  const trimmed = upn.trim();
  if (trimmed.length > 256 || !upnPattern.test(trimmed)) {
    throw new VarcoError("invalid_upn", "a UPN looks like name@domain, at most 256 characters");
  }
  return trimmed;
}

/** The form UPNs are compared in: sign-in is case-insensitive, as in Entra. */
export function upnKey(upn: string): string {
  return upn.trim().normalize("NFC").toLowerCase();
}
