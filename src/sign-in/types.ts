import type { PasswordChangeReason } from "./machine/decision.ts";

/** How a sign-in satisfied MFA: written to the sign-in log and kept with the session. */
export type MfaSatisfiedBy =
  | "code"
  | "backupCode"
  | "trustedIp"
  | "rememberedDevice"
  | "notRequired"
  | "registration"
  | "temporaryAccessPass";

export type MethodChoice = {
  readonly id: string;
  readonly label: string;
  readonly isDefault: boolean;
  readonly failedAttempts: number;
  /** The code length, which lets the page send the form once the code is complete. */
  readonly digits: number;
};

/** A secret token for a cookie, and when it stops working. */
export type IssuedToken = { readonly token: string; readonly expiresAt: number };

/** Where a sign-in stands after each event: what the page or the JSON API shows next. */
export type SignInStep =
  | { readonly kind: "failed"; readonly reason: "invalid_credentials" }
  | { readonly kind: "throttled"; readonly retryAt: number }
  | { readonly kind: "expired" }
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
      readonly error?: "invalid_code";
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
      /** Backup codes made now, shown once (after the first method is registered). */
      readonly backupCodes?: readonly string[];
      readonly error?: "invalid_code";
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
