import type { OtpAlgorithm, OtpDigits, OtpPeriod } from "../otp/algorithms.ts";
import type { Refusal } from "./refusal.ts";

/** One hardware OATH token read from an import file, checked, before it is stored. */
export type ImportedToken = {
  readonly serialNumber: string;
  /** The raw key bytes (sealed before storage, never logged). */
  readonly secret: Uint8Array;
  readonly kind: "totp" | "hotp";
  readonly algorithm: OtpAlgorithm;
  readonly digits: OtpDigits;
  /** TOTP: the time step in seconds. HOTP: 30, unused. */
  readonly period: OtpPeriod;
  /** HOTP: the counter of the next code the token shows. TOTP: 0. */
  readonly counter: number;
  readonly manufacturer: string;
  readonly model: string;
  /** The user the file assigns it to, or null for an unassigned token. */
  readonly upn: string | null;
};

/**
 * What an import file yields, row by row: a token, or the reason a row was refused with the
 * row's fields as read (for the error CSV the administrator downloads). `line` counts from 1
 * and includes the header line.
 */
export type ImportRow =
  | {
      readonly line: number;
      readonly token: ImportedToken;
      /** The row as its error CSV line would show it, should it be refused when written. */
      readonly fields: readonly string[];
    }
  | { readonly line: number; readonly error: Refusal; readonly fields: readonly string[] };
