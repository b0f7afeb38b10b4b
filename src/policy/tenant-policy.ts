import { VarcoError } from "../errors/varco-error.ts";
import { maxTotpWindow } from "../otp/parameters.ts";

/** A tenant's settings. Every field has a default here, so a stored policy may omit any of them. */
export type TenantPolicy = {
  /** TOTP steps accepted before and after the current one (clock drift of the user's phone). */
  readonly totpWindow: number;
};

export const defaultTenantPolicy: TenantPolicy = { totpWindow: 1 };

export function parseTenantPolicy(json: string): TenantPolicy {
  const stored = JSON.parse(json) as Partial<TenantPolicy>;
  return checkTenantPolicy({ ...defaultTenantPolicy, ...stored });
}

export function checkTenantPolicy(policy: TenantPolicy): TenantPolicy {
  const { totpWindow } = policy;
  if (!Number.isInteger(totpWindow) || totpWindow < 0 || totpWindow > maxTotpWindow) {
    throw new VarcoError(
      "invalid_request",
      `totpWindow must be an integer from 0 to ${maxTotpWindow}`,
    );
  }
  return policy;
}
