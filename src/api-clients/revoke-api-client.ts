import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { findApiClient, revokeApiClientRow } from "../store/queries/api-clients.ts";

/** Revokes an API client: its secret and every token it holds stop working at once. */
export async function revokeApiClient(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  clientId: string,
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    const client = await findApiClient(tx, clientId);
    if (
      !client ||
      client.tenantId !== tenant.id ||
      !(await revokeApiClientRow(tx, clientId, now))
    ) {
      throw new VarcoError("not_found", `no live API client ${clientId.slice(0, 40)}`);
    }
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Revoke API client",
        targetType: "apiClient",
        targetId: clientId,
        details: { name: client.name },
      },
    );
  });
}
