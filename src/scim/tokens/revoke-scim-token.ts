import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { Tenant } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { revokeScimTokenRow, type ScimToken } from "../../store/queries/scim.ts";

/** Revokes a tenant's SCIM token: from its next request on, the identity system gets 401. */
export async function revokeScimToken(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  id: string,
): Promise<ScimToken> {
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    const revoked = await revokeScimTokenRow(tx, tenant.id, id.trim(), now);
    if (!revoked) {
      throw new VarcoError("scim_token_not_found", `no live SCIM token ${id.trim().slice(0, 100)}`);
    }
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Revoke SCIM token",
        targetType: "tenant",
        targetId: tenant.id,
        details: { scimTokenId: revoked.id, name: revoked.name },
      },
    );
    return revoked;
  });
}
