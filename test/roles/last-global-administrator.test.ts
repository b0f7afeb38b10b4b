import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createUser } from "../../src/directory/create-user.ts";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { assignRole, unassignRole } from "../../src/roles/assign-role.ts";
import { countUsersWithRole } from "../../src/store/queries/roles.ts";
import { databaseKinds } from "../support/databases.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Without a Global Administrator nobody could assign roles again: the last one keeps the role.
for (const kind of databaseKinds) {
  describe(`the last Global Administrator on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(() => t.close());

    test("two administrators removed at the same moment: one goes, one stays", async () => {
      const users = await Promise.all(
        ["first.global@example.it", "second.global@example.it"].map((upn) =>
          createUser(t.ctx, testActor, t.tenant, { upn }),
        ),
      );
      for (const user of users) await assignRole(t.ctx, testActor, user, "globalAdministrator");
      const outcomes = await Promise.allSettled(
        users.map((user) => unassignRole(t.ctx, testActor, user, "globalAdministrator")),
      );
      assert.equal(outcomes.filter((o) => o.status === "fulfilled").length, 1);
      const refused = outcomes.find((o) => o.status === "rejected");
      assert.ok(refused && isVarcoError(refused.reason, "last_global_administrator"));
      assert.equal(await countUsersWithRole(t.ctx.store.db, t.tenant.id, "globalAdministrator"), 1);
    });
  });
}
