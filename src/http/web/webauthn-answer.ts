import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { isVarcoError } from "../../errors/varco-error.ts";
import { parseWebauthnResponse } from "../contracts/webauthn.ts";
import { text } from "./page-contracts.ts";

/** A form's `response` field: the browser's answer as JSON (passkey.js), within the body limit. */
export const WebauthnAnswer = text(16 * 1024);

/** The answer to `navigator.credentials.get()`; undefined when the field holds none. */
export function assertionOf(field: string): AuthenticationResponseJSON | undefined {
  return orUndefined(() => parseWebauthnResponse("get", field));
}

/** The answer to `navigator.credentials.create()`; undefined when the field holds none. */
export function attestationOf(field: string): RegistrationResponseJSON | undefined {
  return orUndefined(() => parseWebauthnResponse("create", field));
}

function orUndefined<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (isVarcoError(error, "invalid_webauthn_response")) return undefined;
    throw error;
  }
}
