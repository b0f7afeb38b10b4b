import type { Db } from "../open-store.ts";

/** Whether any user of any tenant is a Global Administrator: once one is, setup is done. */
export async function anyGlobalAdministratorUser(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom("role_assignments")
    .select("principal_id")
    .where("principal_type", "=", "user")
    .where("role", "=", "globalAdministrator")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
