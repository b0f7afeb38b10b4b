import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { pruneSignInLog } from "../../src/sign-in/prune-sign-in-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInWithPassword } from "../support/sign-in-events.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const day = 24 * 60 * 60_000;

for (const kind of databaseKinds) {
  describe(`sign-in log retention on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(() => t.close());

    const upnsLogged = async () =>
      (await t.ctx.store.db.selectFrom("sign_in_log").select("upn").orderBy("upn").execute()).map(
        (row) => row.upn,
      );
    const pruneEntries = () =>
      t.ctx.store.db
        .selectFrom("audit_log")
        .select(["details_json", "tenant_id"])
        .where("action", "=", "Prune sign-in log")
        .execute();
    const attempt = (tenant: Parameters<typeof signInWithPassword>[1]["tenant"], upn: string) =>
      signInWithPassword(t.ctx, {
        tenant,
        upn,
        password: "not the password",
        rememberedDeviceToken: null,
        client: { ip: "192.0.2.90", userAgent: "retention" },
      });

    test("entries older than the retention go in every tenant, with an audit entry; newer ones stay", async () => {
      const school = await createTenant(t.ctx, testActor, { name: "retention-school" });
      await attempt(t.tenant, "old@default.it");
      await attempt(school, "old@school.it");
      t.clock.advance(31 * day);
      await attempt(t.tenant, "new@default.it");
      await attempt(school, "new@school.it");

      assert.equal(await pruneSignInLog(t.ctx, testActor, 30), 2);
      assert.deepEqual(await upnsLogged(), ["new@default.it", "new@school.it"]);
      const [entry, ...more] = await pruneEntries();
      assert.equal(more.length, 0);
      assert.deepEqual(JSON.parse(entry?.details_json ?? "{}"), { olderThanDays: 30, count: 2 });

      assert.equal(await pruneSignInLog(t.ctx, testActor, 30), 0, "nothing more is old enough");
      assert.equal((await pruneEntries()).length, 1, "and nothing is written for it");
    });
  });
}
