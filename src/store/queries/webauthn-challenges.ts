import type { Db } from "../open-store.ts";
import type { WebauthnChallengesTable } from "../schema.ts";

export async function insertWebauthnChallenge(
  db: Db,
  row: Omit<WebauthnChallengesTable, "used_at">,
): Promise<void> {
  await db
    .insertInto("webauthn_challenges")
    .values({ ...row, used_at: null })
    .execute();
}

/** The live, unused challenge with one of these hashes, issued for this purpose and subject. */
export async function findLiveWebauthnChallenge(
  db: Db,
  input: {
    hashes: readonly string[];
    tenantId: string;
    purpose: string;
    subject: string;
    now: number;
  },
): Promise<WebauthnChallengesTable | undefined> {
  if (input.hashes.length === 0) return undefined;
  return db
    .selectFrom("webauthn_challenges")
    .selectAll()
    .where("hash", "in", input.hashes)
    .where("tenant_id", "=", input.tenantId)
    .where("purpose", "=", input.purpose)
    .where("subject", "=", input.subject)
    .where("used_at", "is", null)
    .where("expires_at", ">", input.now)
    .executeTakeFirst();
}

/**
 * Uses a challenge: true for the one request that does, while it is live (invariant 1: a
 * conditional update, never read-then-write).
 */
export async function useWebauthnChallenge(
  db: Db,
  input: { hash: string; now: number },
): Promise<boolean> {
  const result = await db
    .updateTable("webauthn_challenges")
    .set({ used_at: input.now })
    .where("hash", "=", input.hash)
    .where("used_at", "is", null)
    .where("expires_at", ">", input.now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
