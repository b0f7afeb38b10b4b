import type { Db } from "../open-store.ts";
import type { RiskDetectionsTable, RiskyUsersTable } from "../schema.ts";

export async function insertRiskDetection(db: Db, row: RiskDetectionsTable): Promise<void> {
  await db.insertInto("risk_detections").values(row).execute();
}

/** Sets a user's risk, whatever it was. */
export async function setUserRisk(db: Db, row: RiskyUsersTable): Promise<void> {
  await db
    .insertInto("risky_users")
    .values(row)
    .onConflict((oc) =>
      oc.column("user_id").doUpdateSet({
        risk_level: row.risk_level,
        risk_state: row.risk_state,
        risk_detail: row.risk_detail,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function findUserRisk(db: Db, userId: string): Promise<RiskyUsersTable | undefined> {
  return db.selectFrom("risky_users").selectAll().where("user_id", "=", userId).executeTakeFirst();
}

export async function setPasswordChangeRequired(
  db: Db,
  userId: string,
  at: number | null,
): Promise<void> {
  await db
    .updateTable("users")
    .set({ password_change_required_at: at })
    .where("id", "=", userId)
    .execute();
}
