import type { Actor } from "../context.ts";
import type { Keyring } from "../crypto/keyring.ts";
import { logEntryId } from "../store/log-entry-id.ts";
import type { Db } from "../store/open-store.ts";
import { insertAudit, nextAuditPlace, setAuditChainEnd } from "../store/queries/audit-log.ts";
import type { AuditLogTable } from "../store/schema.ts";
import type { AuditActivity } from "./audit-activities.ts";
import { chainHash } from "./chain-hash.ts";
import { checkChainEnd, sealChainEnd } from "./chain-seal.ts";

export type AuditEvent = {
  readonly tenantId: string | null;
  /** What happened, as the audit log names it: "Add user", "Activate method", … */
  readonly action: AuditActivity;
  readonly targetType:
    | "tenant"
    | "user"
    | "method"
    | "apiKey"
    | "apiClient"
    | "group"
    | "auditLog"
    | "signInLog"
    | "domain"
    | "campaign";
  readonly targetId: string | null;
  /** Before/after values and other facts. Never a secret. */
  readonly details?: Record<string, unknown>;
};

/** What recordAudit needs besides the transaction: the time, who acted, and the keys. */
export type AuditContext = {
  readonly now: number;
  readonly actor: Actor;
  readonly keyring: Keyring;
};

/**
 * Writes one audit entry at the end of the hash chain. Call it with the transaction that makes
 * the change (invariant 5): the entry, its place in the chain and the change land together.
 * The new end is sealed only if the old end was: an end cut back or rewritten in the database
 * is never vouched for by the next change, so `varco audit verify` keeps reporting it.
 */
export async function recordAudit(tx: Db, context: AuditContext, event: AuditEvent): Promise<void> {
  const { now, actor, keyring } = context;
  const { seq, prevHash, endSeal } = await nextAuditPlace(tx);
  const endWasSealed =
    checkChainEnd(keyring, { lastSeq: seq - 1, lastHash: prevHash }, endSeal) === "sealed";
  const entry: AuditLogTable = {
    id: logEntryId(),
    tenant_id: event.tenantId,
    time: now,
    actor_type: actor.type,
    actor_id: actor.id,
    actor_name: actor.name,
    action: event.action,
    target_type: event.targetType,
    target_id: event.targetId,
    details_json: JSON.stringify(
      actor.ticket ? { ...event.details, ticket: actor.ticket } : (event.details ?? {}),
    ),
    correlation_id: actor.correlationId ?? null,
    ip: actor.ip ?? null,
    seq,
    prev_hash: prevHash,
    hash: null,
  };
  const hash = chainHash(keyring, entry, prevHash);
  await insertAudit(tx, { ...entry, hash });
  // Sealed under the current key: a rotation re-keys the end with the next change.
  const seal = endWasSealed ? sealChainEnd(keyring, { lastSeq: seq, lastHash: hash }) : null;
  await setAuditChainEnd(tx, hash, seal);
}
