import type { PasskeyRegistrationError } from "../sign-in/types.ts";

/**
 * "Passkey or security key": name it (optional) and create it. During the first sign-in
 * (registration, "Metodo N di M") and from Security info; the options come from `optionsUrl`.
 */
export type PasskeyNewModel = {
  /** The form's action; its hidden `response` field carries the browser's answer. */
  action: string;
  /** Where the script gets the options (passkey.js), and the form fields it sends along. */
  optionsUrl: string;
  optionsFields: string;
  /** The name typed, shown again after a refusal. */
  name?: string;
  step?: number;
  total?: number;
  /** Only a passkey or security key will do (the tenant requires phishing-resistant MFA). */
  required?: boolean;
  /** Registration: the links to register an app (and a phone) instead. */
  appInstead?: boolean;
  phoneInstead?: boolean;
  error?: PasskeyRegistrationError | "invalid_passkey_name" | "invalid_webauthn_response";
};

/** A key on Security info: its name, kind, model when known, dates. */
export type SecurityInfoPasskey = {
  id: string;
  name: string;
  kind: "passkey" | "securityKey";
  /** The model's name from its AAGUID (authenticator-models.ts), when known. */
  model?: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** Its signature counter went backwards once: it may have been cloned. */
  cloned: boolean;
};

/** Security info's "Passkeys and security keys" (partials/passkeys.eta). */
export type PasskeysSection = {
  passkeys: SecurityInfoPasskey[];
  /** The tenant lets this user add one here (and the public URL can host passkeys). */
  canAddPasskey: boolean;
};

/** Renaming one of the user's keys. */
export type PasskeyRenameModel = {
  action: string;
  name: string;
  error?: "invalid_passkey_name";
};
