import crypto from "node:crypto";
import { syncBuiltinESMExports } from "node:module";
import { mock } from "node:test";

/**
 * Runs `work` and returns how many HMACs it computed. The OTP files import createHmac by name;
 * syncBuiltinESMExports makes that binding see the spy and, afterwards, the original again.
 */
export function countHmacs(work: () => unknown): number {
  const spy = mock.method(crypto, "createHmac");
  syncBuiltinESMExports();
  try {
    work();
    return spy.mock.callCount();
  } finally {
    spy.mock.restore();
    syncBuiltinESMExports();
  }
}
