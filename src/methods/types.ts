import type { OtpAlgorithm, OtpDigits, OtpPeriod } from "../otp/algorithms.ts";

/** Kinds of authentication method; Graph's resource names, so administrators recognise them. */
export type MethodKind = "softwareOath" | "hardwareOath";
export type MethodState = "pending" | "active" | "disabled";

/** The kinds that count toward the limit of 5 OATH tokens and apps per user (seed 001). */
export const oathKinds: readonly MethodKind[] = ["softwareOath", "hardwareOath"];
export const maxOathMethodsPerUser = 5;

export type OathParameters = {
  readonly algorithm: OtpAlgorithm;
  readonly digits: OtpDigits;
  readonly period: OtpPeriod;
};

/** A method as shown to people and APIs: never its secret. */
export type AuthMethod = {
  readonly id: string;
  readonly userId: string;
  readonly kind: MethodKind;
  readonly label: string;
  readonly state: MethodState;
  readonly isDefault: boolean;
  readonly failedAttempts: number;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly oath: OathParameters | null;
};
