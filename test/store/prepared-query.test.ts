import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openStore, type Store } from "../../src/store/open-store.ts";
import { preparedQuery } from "../../src/store/prepared-query.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/databases.ts";

const insertTenant = preparedQuery((db, a: { id: string; name: string }) =>
  db
    .insertInto("tenants")
    .values({ id: a.id, name: a.name, display_name: a.name, policy_json: "{}", created_at: 7 }),
);

// The same argument twice, a constant between arguments, and arguments in a join-free OR.
const findTenant = preparedQuery((db, a: { name: string; minCreated: number }) =>
  db
    .selectFrom("tenants")
    .select(["id", "name"])
    .where((eb) => eb.or([eb("name", "=", a.name), eb("display_name", "=", a.name)]))
    .where("policy_json", "=", "{}")
    .where("created_at", ">", a.minCreated)
    .orderBy("id"),
);

for (const kind of databaseKinds) {
  describe(`prepared queries on ${kind}`, () => {
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

    const find = async (db: Store["db"], args: { name: string; minCreated: number }) =>
      (await findTenant(db, args)).rows.map((row) => ({ ...row }));

    test("each run fills in its own arguments, in the right places", async () => {
      assert.equal((await insertTenant(store.db, { id: "t1", name: "one" })).changed, 1);
      await insertTenant(store.db, { id: "t2", name: "two" });
      assert.deepEqual(await find(store.db, { name: "two", minCreated: 0 }), [
        { id: "t2", name: "two" },
      ]);
      assert.deepEqual(await find(store.db, { name: "one", minCreated: 0 }), [
        { id: "t1", name: "one" },
      ]);
      assert.deepEqual(await find(store.db, { name: "one", minCreated: 7 }), []);
    });

    test("runs inside a transaction, and rolls back with it", async () => {
      await assert.rejects(
        store.transaction(async (tx) => {
          await insertTenant(tx, { id: "t3", name: "three" });
          assert.equal((await find(tx, { name: "three", minCreated: 0 })).length, 1);
          throw new Error("roll back");
        }),
        /roll back/,
      );
      assert.deepEqual(await find(store.db, { name: "three", minCreated: 0 }), []);
    });
  });
}
