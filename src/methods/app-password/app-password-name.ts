import { VarcoError } from "../../errors/varco-error.ts";
import { maxAppPasswordNameLength } from "./app-password-format.ts";

/**
 * A name as typed, trimmed; `invalid_app_password_name` when empty or longer than 40 characters.
 * (Control characters never get this far: every request is refused at the edge for them.)
 */
export function checkAppPasswordName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || [...trimmed].length > maxAppPasswordNameLength)
    throw new VarcoError("invalid_app_password_name");
  return trimmed;
}

/** The form two names are compared in: "Phone" and "phone" are the same name. */
export function appPasswordNameKey(name: string): string {
  return name.normalize("NFC").toLowerCase();
}
