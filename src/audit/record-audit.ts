import type { Actor } from "../context.ts";
import { logEntryId } from "../store/log-entry-id.ts";
import type { Db } from "../store/open-store.ts";
import { insertAudit } from "../store/queries/audit-log.ts";

export type AuditEvent = {
  readonly tenantId: string | null;
  /** What happened, as the audit log names it: "Add user", "Activate method", … */
  readonly action: string;
  readonly targetType: "tenant" | "user" | "method" | "apiKey" | "group";
  readonly targetId: string | null;
  /** Before/after values and other facts. Never a secret. */
  readonly details?: Record<string, unknown>;
};

/** Writes one audit entry. Call it with the transaction that makes the change (invariant 5). */
export async function recordAudit(
  tx: Db,
  now: number,
  actor: Actor,
  event: AuditEvent,
): Promise<void> {
  await insertAudit(tx, {
    id: logEntryId(),
    tenant_id: event.tenantId,
    time: now,
    actor_type: actor.type,
    actor_id: actor.id,
    actor_name: actor.name,
    action: event.action,
    target_type: event.targetType,
    target_id: event.targetId,
    details_json: JSON.stringify(event.details ?? {}),
    correlation_id: actor.correlationId ?? null,
    ip: actor.ip ?? null,
  });
}
