import type { TenantPolicy } from "../../policy/tenant-policy.ts";
import type { PasskeyRegistrationError } from "../types.ts";

/**
 * Why the event just applied was refused, when it was: the gates turn it into the next step, and
 * the sign-in log records it as the reason.
 */
export type Refusal =
  /** The password throttle (per UPN or per address) refused the attempt unchecked. */
  | { readonly reason: "throttled"; readonly retryAt: number }
  /** The pending sign-in's own budget of attempts is used up. */
  | { readonly reason: "sign_in_expired" }
  | {
      readonly reason:
        | "user_not_found"
        | "invalid_password"
        /** The directory disabled the account (the password was right). */
        | "directory_account_disabled"
        | "invalid_temporary_access_pass"
        | "temporary_access_pass_expired_or_used";
    }
  /** A right pass that starts to work later. */
  | {
      readonly reason: "temporary_access_pass_not_yet_valid";
      readonly startAt: number;
    }
  | { readonly reason: "invalid_code" | "code_reused" | "locked_out" }
  /** A code by SMS was not sent: the cool-down after the last one has not passed. */
  | { readonly reason: "phone_code_cooldown"; readonly retryAt: number }
  /** A code by SMS was not sent, or a number not taken, for the reason named. */
  | {
      readonly reason:
        | "phone_limit_reached"
        | "phone_number_not_allowed"
        | "phone_method_unavailable"
        | "invalid_phone_number"
        | "phone_country_code_required"
        /** The call placed is still ringing, or waits for a key. */
        | "phone_call_waiting"
        /** The call was denied, reported, not answered, or could not be placed. */
        | "phone_call_denied";
    }
  /** A passkey or security key was not accepted (`cloned`: its counter went back, and the tenant refuses it). */
  | { readonly reason: "passkey_failed" | "passkey_cloned" }
  /** A passkey or security key was not registered, for the reason named. */
  | {
      readonly reason: "passkey_registration_failed";
      readonly code: PasskeyRegistrationError;
    }
  /** The new password was refused (the old one again, or too weak; `guessable`: too easy to guess). */
  | { readonly reason: "invalid_new_password"; readonly guessable?: true };

/**
 * What the gates read besides the facts: the tenant's policy, the user as the store has them
 * now, and what the event just applied found. Loaded afresh after every event, so a user blocked
 * or locked out in the middle of a sign-in goes no further.
 */
export type Situation = {
  readonly now: number;
  readonly policy: TenantPolicy;
  /** The refusal of the event just applied; undefined when it was accepted. */
  readonly refusal: Refusal | undefined;
  /** Undefined when the first factor names no user, or the user is gone. */
  readonly user:
    | {
        readonly blocked: boolean;
        /** The block is the one the user's own fraud report set (90 days). */
        readonly blockedByReport?: boolean;
        /** High risk asked for a new password at the next sign-in, after MFA. */
        readonly passwordChangeRequired: boolean;
        /**
         * An administrator's reset asked for a new password at the next sign-in (Graph's
         * forceChangePasswordNextSignIn): chosen before the session starts, after MFA as the
         * tenant asks it, no proof beyond.
         */
        readonly passwordChangeForced: boolean;
      }
    | undefined;
  /** The tenant's policy asks this user for a second factor. */
  readonly mfaRequired: boolean;
  /** The client address is in one of the tenant's trusted ranges. */
  readonly trustedNetwork: boolean;
  /** The browser brought a live remembered-device token of this user. */
  readonly deviceRemembered: boolean;
  /** The tenant requires phishing-resistant MFA (a passkey or security key) of this user. */
  readonly phishingResistantRequired: boolean;
  /** The user's passkeys and security keys the tenant lets them use. */
  readonly passkeys: number;
  /** Active methods the user can prove a second factor with. */
  readonly activeMethods: number;
  /** Methods counting towards the tenant's required number (since a re-registration). */
  readonly registeredMethods: number;
  /** When the user's second-factor lockout ends; undefined when not locked out. */
  readonly lockedUntil: number | undefined;
  /**
   * The running enrolment campaign that covers the user, read only while registration is owed:
   * before its deadline, registration may be postponed (`postponementsLeft` more times).
   */
  readonly campaign?:
    | { readonly id: string; readonly deadlineAt: number; readonly postponementsLeft: number }
    | undefined;
};
