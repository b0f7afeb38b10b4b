import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { insertRows } from "../../src/store/bulk-insert.ts";
import { openStore, type Store } from "../../src/store/open-store.ts";
import type { TenantsTable } from "../../src/store/schema.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/databases.ts";

const tenant = (n: number, order: "name first" | "id first" = "id first"): TenantsTable => {
  const row = {
    id: `bulk-${n}`,
    name: `bulk-${n}`,
    display_name: `Bulk ${n}`,
    policy_json: JSON.stringify({ n }),
    created_at: n,
  };
  if (order === "id first") return row;
  // The same columns in another order: each value must still reach its own column.
  const { name, ...rest } = row;
  return { name, ...rest };
};

for (const kind of databaseKinds) {
  describe(`insertRows on ${kind}`, () => {
    let database: TestDatabase;
    let store: Store;
    before(async () => {
      database = await createTestDatabase(kind);
      store = openStore({ databaseUrl: database.url, dataDir: "/nonexistent" });
      await store.migrate();
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    test("each value reaches its row and column, whatever the row count and the keys' order", async () => {
      const batches = [[1, 2, 3], [4], [5, 6, 7], [8, 9]];
      for (const [index, batch] of batches.entries()) {
        const rows = batch.map((n, i) => tenant(n, (index + i) % 2 ? "name first" : "id first"));
        await store.transaction((tx) => insertRows(tx, "tenants", rows));
      }
      await insertRows(store.db, "tenants", []);
      const stored = await store.db
        .selectFrom("tenants")
        .select(["id", "name", "display_name", "policy_json", "created_at"])
        .where("id", "like", "bulk-%")
        .orderBy("created_at")
        .execute();
      assert.deepEqual(
        stored.map((row) => ({ ...row, created_at: Number(row.created_at) })),
        batches.flat().map((n) => tenant(n)),
      );
    });
  });
}
