import type { Db } from "../open-store.ts";
import type { SignInLogTable } from "../schema.ts";

export async function insertSignIn(db: Db, row: SignInLogTable): Promise<void> {
  await db.insertInto("sign_in_log").values(row).execute();
}

export async function listSignIns(
  db: Db,
  tenantId: string,
  limit = 100,
): Promise<SignInLogTable[]> {
  return db
    .selectFrom("sign_in_log")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("time", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
