import { VarcoError } from "../errors/varco-error.ts";
import type { Json } from "./attributes.ts";

/**
 * `active` as a boolean: true and false, or the strings "True" and "False" in any case, which
 * Microsoft Entra's provisioning service sends for some applications' mappings.
 */
export function readActive(value: Json): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && ["true", "false"].includes(value.trim().toLowerCase())) {
    return value.trim().toLowerCase() === "true";
  }
  throw new VarcoError("scim_invalid_value", "active is true or false");
}

/** An optional text attribute, trimmed; empty and null are none. */
export function readOptionalText(
  value: Json | undefined,
  attr: string,
  max: number,
): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new VarcoError("scim_invalid_value", `${attr} is a string`);
  const trimmed = value.trim();
  if (trimmed.length > max) {
    throw new VarcoError("scim_invalid_value", `${attr} has at most ${max} characters`);
  }
  return trimmed === "" ? null : trimmed;
}

/** The client's own identifier (RFC 7643 section 3.1): 1 to 256 characters, kept as sent. */
export function readExternalId(value: Json | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value.length > 256) {
    throw new VarcoError("scim_invalid_value", "externalId is a string of at most 256 characters");
  }
  return value === "" ? null : value;
}
