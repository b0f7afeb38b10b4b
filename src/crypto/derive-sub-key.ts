import { createSecretKey, hkdfSync, type KeyObject } from "node:crypto";
import type { MasterKey } from "./keyring.ts";

// Derived once per master key and purpose; tied to the MasterKey object so it goes with it.
const cache = new WeakMap<MasterKey, Map<string, KeyObject>>();

/**
 * A 32-byte sub-key for one purpose (`info`), so the same master key never serves two
 * algorithms directly. The master key is uniformly random, so HKDF needs no salt.
 */
export function deriveSubKey(masterKey: MasterKey, info: string): KeyObject {
  let byInfo = cache.get(masterKey);
  if (byInfo === undefined) {
    byInfo = new Map();
    cache.set(masterKey, byInfo);
  }
  let subKey = byInfo.get(info);
  if (subKey === undefined) {
    subKey = createSecretKey(Buffer.from(hkdfSync("sha256", masterKey.key, "", info, 32)));
    byInfo.set(info, subKey);
  }
  return subKey;
}
