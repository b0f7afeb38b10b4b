/**
 * Fido2's own settings, as Graph's fido2AuthenticationMethodConfiguration names them, with two of
 * Varco's: whether user verification (PIN, biometrics) is required when a key is the second
 * factor, and what a signature counter that went backwards (a possible clone) does.
 */
export type Fido2Settings = {
  /** Only authenticators that prove their model with a verified attestation may register. */
  readonly isAttestationEnforced: boolean;
  readonly isSelfServiceRegistrationAllowed: boolean;
  /** Entra's "key restrictions": authenticator models (AAGUIDs) allowed, or blocked. */
  readonly keyRestrictions: {
    readonly isEnforced: boolean;
    readonly enforcementType: "allow" | "block";
    readonly aaGuids: readonly string[];
  };
  /** A passwordless sign-in always requires it; this is for a key used after the password. */
  readonly isUserVerificationRequired: boolean;
  /** refuse: a possibly cloned credential signs in no more; allow: it is only flagged. */
  readonly clonedCredentialAction: "refuse" | "allow";
};

export const defaultFido2Settings: Fido2Settings = {
  isAttestationEnforced: false,
  isSelfServiceRegistrationAllowed: true,
  keyRestrictions: { isEnforced: false, enforcementType: "block", aaGuids: [] },
  isUserVerificationRequired: true,
  clonedCredentialAction: "refuse",
};

/** The most AAGUIDs one key restriction list may name. */
export const maxKeyRestrictionAaGuids = 100;

/** An AAGUID as Varco keeps and compares it: lower-case hex, 8-4-4-4-12. */
export const aaGuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
