import type { PasswordResetMethod } from "../policy/password-reset/password-reset-methods.ts";

/** An error a reset page shows, by its code (src/errors/codes.ts). */
export type PasswordResetError =
  | "throttled"
  | "reset_verification_failed"
  | "invalid_phone_number"
  | "phone_country_code_required"
  | "invalid_email_address"
  | "passwords_do_not_match"
  | "invalid_password"
  | "password_too_guessable"
  | "directory_refused_password"
  | "directory_unavailable";

/** A security question as the reset asks it, in the reader's language (or as the tenant typed it). */
export type ResetQuestion = { readonly key: string; readonly text: string };

/** "Forgot your password?": one page, at the stage the reset stands. */
export type PasswordResetModel =
  | {
      readonly stage: "start";
      readonly tenant?: string | undefined;
      readonly upn?: string | undefined;
      readonly error?: PasswordResetError | undefined;
    }
  | {
      readonly stage: "verify";
      /** The step shown ("Verification step 1 of 2") and how many there are. */
      readonly step: number;
      readonly of: number;
      readonly methods: readonly PasswordResetMethod[];
      readonly method?: PasswordResetMethod | undefined;
      /** A code was sent for `method` and is awaited. */
      readonly codeSent: boolean;
      readonly questions: readonly ResetQuestion[];
      readonly error?: PasswordResetError | undefined;
    }
  | {
      readonly stage: "newPassword";
      readonly error?: PasswordResetError | undefined;
      /** The directory's own reason for refusing the password, as it gave it. */
      readonly directoryReason?: string | undefined;
    }
  | { readonly stage: "done"; readonly signInPath: string }
  | { readonly stage: "over"; readonly startPath: string }
  | { readonly stage: "unavailable"; readonly helpdeskContact: string };
