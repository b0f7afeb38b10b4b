import { join } from "node:path";
import type { Config } from "../config/settings.ts";
import type { Keyring } from "../crypto/keyring.ts";
import { openSealed, seal } from "../crypto/seal.ts";
import { VarcoError } from "../errors/varco-error.ts";
import type { MigrationKeys } from "../store/migrations/index.ts";
import type { Db, Store } from "../store/open-store.ts";
import {
  findSomeSealedSeed,
  insertMasterKeyCheck,
  listMasterKeyChecks,
  lockMasterKeyChecks,
} from "../store/queries/master-key-checks.ts";

const checkContext = "master-key-check";
const checkValue = "varco master key check v1";

/**
 * Refuses to start with a master key that cannot open this database, rather than starting and
 * failing at the first code ("impossible to decrypt"). Each key that has been the current one
 * leaves a value sealed under it; the keyring must open at least one of them. A new current key
 * beside an old one it still holds (a rotation, VARCO_PREVIOUS_MASTER_KEYS) is recorded in turn.
 * `keySource` names where the current key came from (VARCO_MASTER_KEY or the key file).
 */
export async function checkMasterKey(
  store: Store,
  keyring: Keyring,
  keySource: string,
  now: number,
): Promise<void> {
  await store.transaction((tx) => checkMasterKeyIn(tx, store.kind, keyring, keySource, now));
}

/** What migrations need to check the key and seal under it (see migrations/index.ts). */
export function migrationKeys(
  kind: Store["kind"],
  keyring: Keyring,
  keySource: string,
  now: () => number,
): MigrationKeys {
  return { keyring, checkKey: (tx) => checkMasterKeyIn(tx, kind, keyring, keySource, now()) };
}

/** Where the current master key came from, as the operator set it. */
export function masterKeySource(config: Config): string {
  return config.masterKey !== undefined
    ? "VARCO_MASTER_KEY"
    : `the key file ${join(config.dataDir, "master.key")}`;
}

async function checkMasterKeyIn(
  tx: Db,
  kind: Store["kind"],
  keyring: Keyring,
  keySource: string,
  now: number,
): Promise<void> {
  await lockMasterKeyChecks(tx, kind);
  const checks = await listMasterKeyChecks(tx);
  if (checks.length > 0) {
    if (!checks.some((check) => opensCheck(keyring, check.sealed))) {
      throw wrongKey(
        keyring,
        keySource,
        checks.map((check) => check.key_id),
      );
    }
  } else {
    // A database older than the checks: a sealed seed names a key the data needs.
    const seedKeyId = (await findSomeSealedSeed(tx))?.split(".")[1];
    if (seedKeyId !== undefined && !keyring.byId(seedKeyId)) {
      throw wrongKey(keyring, keySource, [seedKeyId]);
    }
  }
  if (!checks.some((check) => check.key_id === keyring.current.id)) {
    await insertMasterKeyCheck(tx, {
      key_id: keyring.current.id,
      sealed: seal(keyring, Buffer.from(checkValue), checkContext),
      created_at: now,
    });
  }
}

function opensCheck(keyring: Keyring, sealed: string): boolean {
  try {
    return openSealed(keyring, sealed, checkContext).toString() === checkValue;
  } catch {
    return false;
  }
}

function wrongKey(keyring: Keyring, keySource: string, sealedUnder: string[]): VarcoError {
  // Key ids are not secret: they tell the operator which key the data needs.
  return new VarcoError(
    "invalid_master_key",
    `${keySource} is not a master key of this database: it has key id ${keyring.current.id}, ` +
      `and the data is sealed under key id ${sealedUnder.join(", ")}. Set the key this ` +
      "database was created with; while rotating keys, give the old one in " +
      "VARCO_PREVIOUS_MASTER_KEYS.",
  );
}
