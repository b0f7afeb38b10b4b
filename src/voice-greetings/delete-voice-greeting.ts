import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import { deleteVoiceGreeting as deleteRow } from "../store/queries/voice-greetings.ts";
import { greetingSlot } from "./set-voice-greeting.ts";

/**
 * Deletes a tenant's custom greeting of one language and kind: calls speak its default script
 * again. Deleting one there is not changes nothing and writes no audit entry; false then.
 */
export async function deleteVoiceGreeting(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  slot: { readonly language: string; readonly kind: string },
): Promise<boolean> {
  const { language, kind } = greetingSlot(slot.language, slot.kind);
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    if (!(await deleteRow(tx, tenant.id, language, kind))) return false;
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Delete voice greeting",
        targetType: "tenant",
        targetId: tenant.id,
        details: { tenant: tenant.name, language, kind },
      },
    );
    return true;
  });
}
