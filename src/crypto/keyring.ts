import { createHash, createSecretKey, hkdfSync, type KeyObject } from "node:crypto";
import { VarcoError } from "../errors/varco-error.ts";

export { parseMasterKey } from "./parse-master-key.ts";

/**
 * A 32-byte master key, the short id that names it in sealed data and keyed hashes, and the
 * sub-keys derived from it once, so the same key never serves two algorithms directly.
 */
export type MasterKey = {
  readonly id: string;
  readonly key: Buffer;
  /** AES-256-GCM key of seal.ts. */
  readonly sealKey: KeyObject;
  /** HMAC-SHA256 key of keyed-hash.ts. */
  readonly hashKey: KeyObject;
  /** HS256 key of the admin API's access tokens (api-clients/issue-access-token.ts). */
  readonly accessTokenKey: KeyObject;
  /** HMAC-SHA256 key sealing the audit chain's start and end (audit/chain-seal.ts). */
  readonly auditSealKey: KeyObject;
};

/**
 * The master keys in use: `current` seals and hashes new data; the previous ones still open
 * what was written before a rotation. `all` lists current first.
 */
export type Keyring = {
  readonly current: MasterKey;
  byId(id: string): MasterKey | undefined;
  readonly all: readonly MasterKey[];
};

// A label keeps the id from being a plain hash of the key that could be reused elsewhere.
const keyIdLabel = "varco master key id v1\0";

function toMasterKey(key: Buffer, position: string): MasterKey {
  if (key.length !== 32) {
    throw new VarcoError("invalid_master_key", `${position} must be 32 bytes`);
  }
  // 8 hex characters name the key without revealing anything usable about it.
  const id = createHash("sha256").update(keyIdLabel).update(key).digest("hex").slice(0, 8);
  // A private copy, so a caller reusing its buffer cannot change the key under us.
  return Object.freeze({
    id,
    key: Buffer.from(key),
    sealKey: deriveSubKey(key, "varco seal v1"),
    hashKey: deriveSubKey(key, "varco keyed hash v1"),
    // Its own key, so a token signature can never pass for a keyed hash, nor a hash for one.
    accessTokenKey: deriveSubKey(key, "varco access token v1"),
    // Its own key, so no stored entry hash or other keyed hash can ever pass for a seal.
    auditSealKey: deriveSubKey(key, "varco audit chain seal v1"),
  });
}

// The master key is uniformly random, so HKDF needs no salt. KeyObjects, not buffers: node:crypto
// checks a buffer key on every use, which costs several times the HMAC itself.
function deriveSubKey(key: Buffer, info: string): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync("sha256", key, "", info, 32)));
}

export function createKeyring(current: Buffer, previous: Buffer[] = []): Keyring {
  const currentKey = toMasterKey(current, "the current master key");
  const byId = new Map<string, MasterKey>([[currentKey.id, currentKey]]);
  previous.forEach((buffer, index) => {
    const key = toMasterKey(buffer, `previous master key ${index + 1}`);
    const known = byId.get(key.id);
    if (known === undefined) {
      byId.set(key.id, key);
    } else if (!known.key.equals(key.key)) {
      // Two different keys with one id (a 1 in 2^32 chance) would make sealed data ambiguous.
      throw new VarcoError("invalid_master_key", `previous master key ${index + 1} clashes by id`);
    }
  });
  const all = Object.freeze([...byId.values()]);
  return Object.freeze({ current: currentKey, byId: (id: string) => byId.get(id), all });
}
