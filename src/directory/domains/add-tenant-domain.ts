import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { isUniqueViolation } from "../../store/is-unique-violation.ts";
import { findTenantDomain, insertTenantDomain } from "../../store/queries/tenant-domains.ts";
import type { Tenant } from "../types.ts";
import { checkDomainName } from "./domain-name.ts";

export type TenantDomain = { readonly name: string; readonly createdAt: number };

/**
 * Gives `tenant` the domain `text`: users whose UPN ends in it find the tenant on the sign-in
 * page. A domain belongs to one tenant: one that any tenant has (this one too) is refused with
 * `domain_exists`, by the primary key, so two administrators adding it at once end with one.
 */
export async function addTenantDomain(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  text: string,
): Promise<TenantDomain> {
  const name = checkDomainName(text);
  const now = ctx.now();
  try {
    await ctx.store.transaction(async (tx) => {
      await insertTenantDomain(tx, { name, tenant_id: tenant.id, created_at: now });
      await recordAudit(
        tx,
        { now, actor, keyring: ctx.keyring },
        {
          tenantId: tenant.id,
          action: "Add domain",
          targetType: "domain",
          targetId: name,
          details: { domain: name, tenant: tenant.name },
        },
      );
    });
  } catch (error) {
    if (isUniqueViolation(error) || (await findTenantDomain(ctx.store.db, name))) {
      throw new VarcoError("domain_exists", `the domain ${name} belongs to a tenant`, {
        cause: error,
      });
    }
    throw error;
  }
  return { name, createdAt: now };
}
