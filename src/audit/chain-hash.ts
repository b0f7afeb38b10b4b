import { keyedHash, keyedHashWith } from "../crypto/keyed-hash.ts";
import type { Keyring } from "../crypto/keyring.ts";
import type { AuditLogTable } from "../store/schema.ts";

// Every field of an entry, in a fixed order, and the previous hash: changing any of them, or
// moving an entry, breaks the chain from there on. Keyed, so that rewriting the chain after a
// change needs the master key, not just write access to the database.
function chainInput(entry: AuditLogTable, prevHash: string | null): string {
  return JSON.stringify([
    "varco audit chain v1",
    entry.seq,
    prevHash,
    entry.id,
    entry.tenant_id,
    entry.time,
    entry.actor_type,
    entry.actor_id,
    entry.actor_name,
    entry.action,
    entry.target_type,
    entry.target_id,
    entry.details_json,
    entry.correlation_id,
    entry.ip,
  ]);
}

/** The hash of a new entry, under the current master key. */
export function chainHash(keyring: Keyring, entry: AuditLogTable, prevHash: string | null): string {
  return keyedHash(keyring, chainInput(entry, prevHash));
}

/** The hash an entry should have, under the key its stored hash names; undefined for an unknown key. */
export function expectedChainHash(
  keyring: Keyring,
  entry: AuditLogTable,
  stored: string,
): string | undefined {
  return keyedHashWith(keyring, stored, chainInput(entry, entry.prev_hash));
}
