import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { openStore, type Store } from "../../src/store/open-store.ts";
import { incrementCounter, readCounter, resetCounter } from "../../src/store/queries/counters.ts";
import { claimOathStep, incrementFailedAttempts } from "../../src/store/queries/methods.ts";
import { claimOnce } from "../../src/store/queries/single-use-claims.ts";
import { sweepExpired } from "../../src/store/sweep-expired.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/databases.ts";

for (const kind of databaseKinds) {
  describe(`store on ${kind}`, () => {
    let database: TestDatabase;
    let store: Store;
    let methodId: string;

    before(async () => {
      database = await createTestDatabase(kind);
      store = openStore({ databaseUrl: database.url, dataDir: "/nonexistent" });
      await store.migrate();
      methodId = await insertActiveMethod(store);
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    test("migrations are applied once; a second run applies nothing", async () => {
      assert.deepEqual(await store.migrate(), []);
    });

    test("a step is claimed once, and never an older one after a newer", async () => {
      assert.equal(await claimOathStep(store.db, methodId, 1000, 1), true);
      assert.equal(await claimOathStep(store.db, methodId, 1000, 2), false);
      assert.equal(await claimOathStep(store.db, methodId, 999, 3), false);
      assert.equal(await claimOathStep(store.db, methodId, 1001, 4), true);
    });

    test("50 concurrent claims of one step: exactly one wins", async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, () => claimOathStep(store.db, methodId, 5000, 5)),
      );
      assert.equal(results.filter(Boolean).length, 1);
    });

    test("a claim resets the failure count of the method", async () => {
      await incrementFailedAttempts(store.db, methodId);
      assert.equal(await incrementFailedAttempts(store.db, methodId), 2);
      await claimOathStep(store.db, methodId, 6000, 6);
      assert.equal(await incrementFailedAttempts(store.db, methodId), 1);
    });

    test("concurrent failure increments are all counted", async () => {
      const before = await incrementFailedAttempts(store.db, methodId);
      await Promise.all(
        Array.from({ length: 40 }, () => incrementFailedAttempts(store.db, methodId)),
      );
      assert.equal(await incrementFailedAttempts(store.db, methodId), before + 41);
    });

    test("claimOnce: the first insert of a key wins, also under concurrency, until it is swept", async () => {
      const key = `sms:${randomUUID()}`;
      const results = await Promise.all(
        Array.from({ length: 30 }, () => claimOnce(store.db, key, 1_000)),
      );
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(await claimOnce(store.db, key, 1_000), false);
      assert.equal((await sweepExpired(store.db, 999)).single_use_claims, 0, "unexpired, it stays");
      assert.ok((await sweepExpired(store.db, 1_000)).single_use_claims >= 1);
      assert.equal(await claimOnce(store.db, key, 2_000), true);
    });

    test("counters: concurrent increments are all counted; the window restarts the count", async () => {
      const key = `failures:${randomUUID()}`;
      const values = await Promise.all(
        Array.from({ length: 60 }, () => incrementCounter(store.db, key, 60_000, 1_000)),
      );
      assert.deepEqual(
        values.map((v) => v.value).sort((a, b) => a - b),
        Array.from({ length: 60 }, (_, i) => i + 1),
        "every caller sees a distinct count",
      );
      assert.ok(
        values.every((v) => v.expiresAt === 61_000),
        "the window does not move",
      );
      assert.equal(await readCounter(store.db, key, 60_999), 60);
      assert.equal(await readCounter(store.db, key, 61_000), 0, "expired");
      assert.deepEqual(await incrementCounter(store.db, key, 60_000, 61_000), {
        value: 1,
        expiresAt: 121_000,
      });
      await resetCounter(store.db, key);
      assert.equal(await readCounter(store.db, key, 61_001), 0);
    });

    test("a failed transaction leaves nothing behind", async () => {
      const id = randomUUID();
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx
            .insertInto("tenants")
            .values({ id, name: `t-${id}`, display_name: "x", policy_json: "{}", created_at: 1 })
            .execute();
          throw new Error("boom");
        }),
        /boom/,
      );
      const row = await store.db
        .selectFrom("tenants")
        .select("id")
        .where("id", "=", id)
        .executeTakeFirst();
      assert.equal(row, undefined);
    });

    test("ping answers while open", async () => {
      await store.ping();
    });
  });
}

async function insertActiveMethod(store: Store): Promise<string> {
  const tenantId = randomUUID();
  const userId = randomUUID();
  const methodId = randomUUID();
  await store.db
    .insertInto("tenants")
    .values({
      id: tenantId,
      name: "claims",
      display_name: "Claims",
      policy_json: "{}",
      created_at: 0,
    })
    .execute();
  await store.db
    .insertInto("users")
    .values({
      id: userId,
      tenant_id: tenantId,
      upn: "claims@example.it",
      upn_key: "claims@example.it",
      display_name: "Claims",
      password_hash: null,
      blocked: 0,
      blocked_reason: null,
      created_at: 0,
      last_sign_in_at: null,
    })
    .execute();
  await store.db
    .insertInto("auth_methods")
    .values({
      id: methodId,
      tenant_id: tenantId,
      user_id: userId,
      kind: "softwareOath",
      label: "phone",
      state: "active",
      is_default: 1,
      secret_sealed: "x",
      algorithm: "SHA1",
      digits: 6,
      period: 30,
      last_step: null,
      failed_attempts: 0,
      created_at: 0,
      last_used_at: null,
    })
    .execute();
  return methodId;
}
