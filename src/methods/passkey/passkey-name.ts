import { VarcoError } from "../../errors/varco-error.ts";
import type { PasskeyCredentialsTable } from "../../store/schema.ts";
import { authenticatorModelName } from "./authenticator-models.ts";
import { maxPasskeyNameLength } from "./passkey-credential.ts";

/**
 * A name as typed, trimmed; `invalid_passkey_name` when empty or too long. (Control characters
 * never get this far: every request is refused at the edge for them, invariant 8.)
 */
export function checkPasskeyName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || [...trimmed].length > maxPasskeyNameLength)
    throw new VarcoError("invalid_passkey_name");
  return trimmed;
}

/**
 * The name a new key gets: the one typed, when it is a valid name, else its model's (from its
 * AAGUID), else its kind's.
 */
export function passkeyDisplayName(
  typed: string,
  row: Pick<PasskeyCredentialsTable, "aaguid" | "kind">,
): string {
  try {
    return checkPasskeyName(typed);
  } catch {
    const fallback =
      authenticatorModelName(row.aaguid) ??
      (row.kind === "securityKey" ? "Security key" : "Passkey");
    return [...fallback].slice(0, maxPasskeyNameLength).join("");
  }
}
