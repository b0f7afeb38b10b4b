import type { PasswordChangeReason } from "./machine/decision.ts";

/** How a sign-in satisfied MFA: written to the sign-in log and kept with the session. */
export type MfaSatisfiedBy =
  | "code"
  | "backupCode"
  | "trustedIp"
  | "rememberedDevice"
  | "notRequired"
  | "registration"
  | "temporaryAccessPass"
  /** An enrolment campaign let the user postpone registering their first method until its deadline. */
  | "registrationPostponed"
  /** A call to the user's phone, approved with # (seed 001 "Impostazioni telefonata"). */
  | "phoneCall"
  /** A passkey or security key: after the password, or alone (passwordless). */
  | "passkey";

export type MethodChoice = {
  /** An app's method id, or `sms:<phoneType>` / `voice:<phoneType>` for a phone. */
  readonly id: string;
  readonly kind: "app" | "sms" | "voice";
  readonly label: string;
  readonly isDefault: boolean;
  readonly failedAttempts: number;
  /** The code length, which lets the page send the form once the code is complete. */
  readonly digits: number;
};

/** A code sent by SMS in this sign-in, as its page shows it. */
export type SentPhoneCode = {
  readonly phoneType: string;
  readonly maskedNumber: string;
  /** The number being registered, as typed: shown back in full to the user who typed it. */
  readonly phoneNumber?: string;
  /** "Send again" works from then on. */
  readonly resendAt: number;
  readonly expiresAt: number;
};

/** A call placed in this sign-in, as its page shows it. */
export type PlacedCall = {
  readonly phoneType: string;
  readonly maskedNumber: string;
  /** calling: ringing or waiting for a key; denied: denied, reported, unanswered or failed. */
  readonly status: "calling" | "approved" | "denied";
  /** "Call again" works from then on. */
  readonly againAt: number;
};

/** Why a code by SMS was not sent, or a number not taken; the page says so in words. */
/** Why a passkey or security key was not registered at sign-in; the page says so in words. */
export const passkeyRegistrationErrors = [
  "passkey_registration_failed",
  "passkey_attestation_required",
  "passkey_model_not_allowed",
  "passkey_already_registered",
  "passkey_not_allowed",
  "too_many_passkeys",
] as const;
export type PasskeyRegistrationError = (typeof passkeyRegistrationErrors)[number];

/** What the code prompt offers of passkeys: how many the user has, and whether only they will do. */
export type PasskeyChoice = {
  readonly count: number;
  /** The tenant requires phishing-resistant MFA of this user: a passkey or security key. */
  readonly required: boolean;
};

export type PhoneCodeError =
  | "phone_code_cooldown"
  | "phone_limit_reached"
  | "phone_number_not_allowed"
  | "phone_method_unavailable"
  | "invalid_phone_number"
  | "phone_country_code_required"
  /** The gateway (and the second one, if any) did not take the message. */
  | "phone_send_failed"
  | "phone_call_waiting"
  | "phone_call_denied"
  /** The telephony provider did not take the call. */
  | "voice_call_failed";

/** Why a pending sign-in ended before its session. */
export type ExpiredReason = "timed_out" | "attempts_used_up";

/** A secret token for a cookie, and when it stops working. */
export type IssuedToken = { readonly token: string; readonly expiresAt: number };

/** Where a sign-in stands after each event: what the page or the JSON API shows next. */
export type SignInStep =
  | { readonly kind: "failed"; readonly reason: "invalid_credentials" }
  | { readonly kind: "throttled"; readonly retryAt: number }
  /**
   * The pending sign-in is over: it timed out (or is unknown), or its wrong codes used up its
   * attempts (pendingSignInAttempts). Either way the user starts again, with the password.
   */
  | { readonly kind: "expired"; readonly reason: ExpiredReason }
  /**
   * The password (or pass) is right, but the user blocked signing in by reporting fraud (seed
   * 001): told only to whoever proved the first factor; a wrong password is "failed" as ever.
   */
  | { readonly kind: "blocked"; readonly helpdeskContact: string }
  | {
      readonly kind: "locked";
      readonly until: number;
      /** The tenant's helpdesk, whom a locked-out user may ask (empty when none is set). */
      readonly helpdeskContact: string;
    }
  /** The Temporary Access Pass is right, but starts to work only at `startAt`. */
  | { readonly kind: "pass_not_yet_valid"; readonly startAt: number }
  /** "I didn't try to sign in": the sign-in is over, and the tenant's high-risk action applies. */
  | {
      readonly kind: "fraud_reported";
      readonly action: "block" | "requirePasswordChange" | "none";
      readonly helpdeskContact: string;
      /** The tenant's notification addresses were sent an e-mail about the report. */
      readonly administratorNotified: boolean;
      /** The notification e-mail could not be sent (the report stands): for the caller to log. */
      readonly mailError?: unknown;
    }
  | {
      readonly kind: "second_factor";
      readonly pendingToken: string;
      readonly methods: readonly MethodChoice[];
      readonly backupCodesLeft: number;
      readonly rememberDeviceDays: number;
      /** Whether the prompt offers "I didn't try to sign in". */
      readonly canReport: boolean;
      /** The code last sent by SMS, while it is valid. */
      readonly phoneCode?: SentPhoneCode;
      /** The call last placed in this sign-in, and where it stands. */
      readonly phoneCall?: PlacedCall;
      /** The user's passkeys and security keys, when they have any or must use one. */
      readonly passkey?: PasskeyChoice;
      readonly error?: "invalid_code" | "passkey_failed" | PhoneCodeError;
    }
  /** A new password (high risk, or an administrator's reset), after MFA, before the session. */
  | {
      readonly kind: "change_password";
      readonly pendingToken: string;
      readonly reason: PasswordChangeReason;
      readonly error?: "invalid_password" | "password_too_guessable";
    }
  | {
      readonly kind: "register";
      readonly pendingToken: string;
      readonly required: number;
      readonly registered: number;
      /** The sign-in began with a Temporary Access Pass, which is what registering is for. */
      readonly afterPass?: true;
      /** Backup codes made now, shown once (after the first method is registered). */
      readonly backupCodes?: readonly string[];
      readonly error?: "invalid_code" | PhoneCodeError | PasskeyRegistrationError;
      /** The tenant lets this user register a phone (SMS) here. */
      readonly phoneOffered?: true;
      /** The tenant lets this user register a passkey or security key here. */
      readonly passkeyOffered?: true;
      /** Only a passkey or security key will do: the tenant requires phishing-resistant MFA. */
      readonly passkeyRequired?: true;
      /** The code sent to the number being registered, while it is valid. */
      readonly phoneCode?: SentPhoneCode;
      /** An enrolment campaign lets the user say "Not now" this many more times before its deadline. */
      readonly postpone?: { readonly left: number; readonly deadlineAt: number };
    }
  | {
      readonly kind: "signed_in";
      readonly session: IssuedToken;
      readonly rememberedDevice?: IssuedToken;
      readonly mfa: MfaSatisfiedBy;
      /** Backup codes made now, shown once (after the first method is registered). */
      readonly backupCodes?: readonly string[];
    };

export type ClientInfo = { readonly ip: string | null; readonly userAgent: string | null };
