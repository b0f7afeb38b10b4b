/**
 * Graph's fixed id of a user's e-mail method: a user has at most one, so Graph names it the same
 * for everyone (`emailAuthenticationMethod`, "The ID is always 3ddfcfc8-…").
 */
export const emailMethodGraphId = "3ddfcfc8-9383-446f-83cc-3ab9be4be18f";

/** Why a code is e-mailed: to prove an address being registered, or to reset a password. */
export const emailCodePurposes = ["registration", "passwordReset"] as const;

export type EmailCodePurpose = (typeof emailCodePurposes)[number];

/** How long an e-mailed code stays good. */
export const emailCodeLifetimeMs = 10 * 60_000;

/** Tries one code allows, right or wrong; then it is dead. */
export const emailCodeMaxAttempts = 5;

/** Digits of an e-mailed code. */
export const emailCodeDigits = 6;
