import type { Gate } from "./gate.ts";
import { authenticationStrength } from "./gates/authentication-strength.ts";
import { blocked } from "./gates/blocked.ts";
import { credentials } from "./gates/credentials.ts";
import { lockedOut } from "./gates/locked-out.ts";
import { mfa } from "./gates/mfa.ts";
import { passwordChange } from "./gates/password-change.ts";
import { registration } from "./gates/registration.ts";
import { reported } from "./gates/reported.ts";
import { risk } from "./gates/risk.ts";
import { throttled } from "./gates/throttled.ts";

/**
 * The sign-in, in order: after every event the gates run top to bottom, and the first that does
 * not pass names the next step. When all pass, the session starts. docs/sign-in.md draws it.
 */
export const signInGates: readonly Gate[] = [
  reported, //       the user said "I didn't try to sign in"
  throttled, //      the attempt was refused unchecked
  credentials, //    the password or the Temporary Access Pass is right
  blocked, //        the user is not blocked
  lockedOut, //      the user is not locked out after wrong codes
  mfa, //            MFA is required and satisfied
  authenticationStrength, // a passkey, when the tenant requires phishing-resistant MFA
  risk, //           high risk: a second factor proven now, before the password change
  passwordChange, // a new password, when high risk or an administrator's reset asks for one
  registration, //   the methods the tenant asks for are registered
];
