import type { Db } from "../open-store.ts";
import type { TokenImportOutcomesTable } from "../schema.ts";

export async function insertImportOutcome(db: Db, row: TokenImportOutcomesTable): Promise<void> {
  await db.insertInto("token_import_outcomes").values(row).execute();
}

export async function findImportOutcome(
  db: Db,
  id: string,
): Promise<TokenImportOutcomesTable | undefined> {
  return db.selectFrom("token_import_outcomes").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Forgets the outcomes made before `time`. */
export async function deleteImportOutcomesBefore(db: Db, time: number): Promise<void> {
  await db.deleteFrom("token_import_outcomes").where("created_at", "<", time).execute();
}
