import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { findApiKey, revokeApiKeyRow } from "../store/queries/api-keys.ts";

export async function revokeApiKey(ctx: Context, actor: Actor, id: string): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    const apiKey = await findApiKey(tx, id);
    if (!apiKey || !(await revokeApiKeyRow(tx, id, now))) {
      throw new VarcoError("api_key_not_found", `no live API key ${id}`);
    }
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: apiKey.tenantId,
        action: "Revoke API key",
        targetType: "apiKey",
        targetId: id,
        details: { name: apiKey.name },
      },
    );
  });
}
