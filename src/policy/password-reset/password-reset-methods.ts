/**
 * The methods a user may prove to reset a forgotten password (the methods Entra's SSPR accepts).
 * `authenticatorApp` is a code from an authenticator app or a hardware OATH token; `email` and
 * `securityQuestions` serve only here, never as a second factor at sign-in.
 */
export const passwordResetMethods = [
  "email",
  "sms",
  "voice",
  "authenticatorApp",
  "passkey",
  "securityQuestions",
] as const;

export type PasswordResetMethod = (typeof passwordResetMethods)[number];

export function isPasswordResetMethod(text: unknown): text is PasswordResetMethod {
  return (passwordResetMethods as readonly unknown[]).includes(text);
}

/**
 * The methods that prove possession with a code. As in Entra: when one method is enough to reset,
 * "the verification code is the only option", so only these count then.
 */
export const codeMethods: ReadonlySet<PasswordResetMethod> = new Set([
  "email",
  "sms",
  "authenticatorApp",
]);

/** The methods a tenant allows until it chooses: codes by e-mail, by SMS and from an app. */
export const defaultPasswordResetMethods: readonly PasswordResetMethod[] = Object.freeze([
  "email",
  "sms",
  "authenticatorApp",
]);
