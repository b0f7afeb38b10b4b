import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { deleteTenantDomain } from "../../store/queries/tenant-domains.ts";
import type { Tenant } from "../types.ts";
import { checkDomainName } from "./domain-name.ts";

/**
 * Takes the domain `text` from `tenant`: its users then sign in through the tenant's own address
 * (`/t/<tenant>/sign-in`), and the domain is free for another tenant. A domain the tenant does
 * not have (another tenant's included) is `domain_not_found`, and nothing changes.
 */
export async function removeTenantDomain(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  text: string,
): Promise<string> {
  const name = checkDomainName(text);
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    if (!(await deleteTenantDomain(tx, tenant.id, name))) {
      throw new VarcoError("domain_not_found", `tenant ${tenant.name} has no domain ${name}`);
    }
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Remove domain",
        targetType: "domain",
        targetId: name,
        details: { domain: name, tenant: tenant.name },
      },
    );
  });
  return name;
}
