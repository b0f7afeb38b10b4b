import { createHmac } from "node:crypto";
import { constantTimeEqual } from "../crypto/constant-time.ts";
import type { Keyring, MasterKey } from "../crypto/keyring.ts";

/** Where the chain begins: the first place it covers, and the last place pruned with its hash. */
export type ChainStart = {
  readonly chainStartSeq: number;
  readonly prunedThroughSeq: number;
  readonly prunedLastHash: string | null;
};

/** Where the chain ends: its last place and that entry's hash. */
export type ChainEnd = { readonly lastSeq: number; readonly lastHash: string | null };

/** What a seal check found: sealed by a key in the ring, not (forged or missing), or by a key not in the ring. */
export type SealCheck = "sealed" | "forged" | "unknown_key";

// Each kind of seal has its own label, so a start's seal can never pass for an end's.
function startInput(start: ChainStart): string {
  return JSON.stringify([
    "varco audit chain start v1",
    start.chainStartSeq,
    start.prunedThroughSeq,
    start.prunedLastHash,
  ]);
}

function endInput(end: ChainEnd): string {
  return JSON.stringify(["varco audit chain end v1", end.lastSeq, end.lastHash]);
}

function sealWith(masterKey: MasterKey, input: string): string {
  const mac = createHmac("sha256", masterKey.auditSealKey).update(input, "utf8");
  // The key id prefix says which key to check it with after a rotation.
  return `${masterKey.id}.${mac.digest("base64url")}`;
}

function check(keyring: Keyring, seal: string | null, input: string): SealCheck {
  if (seal === null) return "forged";
  const masterKey = keyring.byId(seal.slice(0, seal.indexOf(".")));
  if (masterKey === undefined) return "unknown_key";
  return constantTimeEqual(sealWith(masterKey, input), seal) ? "sealed" : "forged";
}

/**
 * The seal of the chain's start under the current master key. Entry hashes show an entry was
 * not changed; only this shows where the chain begins, so that entries cannot be dropped from
 * its beginning, or its hashes all removed, by anyone without the key.
 */
export function sealChainStart(keyring: Keyring, start: ChainStart): string {
  return sealWith(keyring.current, startInput(start));
}

export function checkChainStart(
  keyring: Keyring,
  start: ChainStart,
  seal: string | null,
): SealCheck {
  return check(keyring, seal, startInput(start));
}

/**
 * The seal of the chain's end under the current master key: the newest entries cannot be cut
 * off, nor the end moved back to an earlier entry, by anyone without the key. Unlike an entry's
 * hash, it is stored nowhere else, so no earlier end's seal can be read from the log.
 */
export function sealChainEnd(keyring: Keyring, end: ChainEnd): string {
  return sealWith(keyring.current, endInput(end));
}

export function checkChainEnd(keyring: Keyring, end: ChainEnd, seal: string | null): SealCheck {
  return check(keyring, seal, endInput(end));
}
