import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { addTenantDomain } from "../../src/directory/domains/add-tenant-domain.ts";
import { discoverTenant } from "../../src/directory/domains/discover-tenant.ts";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// A domain finds one tenant: two administrators of two tenants adding it at the same moment
// (through two instances on PostgreSQL; SQLite is one instance's file) end with one owner, one
// `domain_exists`, and one audit entry.
for (const kind of databaseKinds) {
  describe(`a domain added twice at once, on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(async () => {
      await t.close();
    });

    test("one tenant gets it, the other is refused, and sign-in finds the one", async () => {
      const other = kind === "postgres" ? (await t.openSibling()).ctx : t.ctx;
      const [school, town] = await Promise.all([
        createTenant(t.ctx, testActor, { name: "school" }),
        createTenant(t.ctx, testActor, { name: "town" }),
      ]);
      const results = await Promise.allSettled([
        addTenantDomain(t.ctx, testActor, school, "shared.example"),
        addTenantDomain(other, testActor, town, "SHARED.example"),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r) => r.status === "rejected");
      assert.equal(won.length, 1, JSON.stringify(results));
      assert.ok(isVarcoError(lost[0]?.reason, "domain_exists"), String(lost[0]?.reason));
      const owner = results[0]?.status === "fulfilled" ? school : town;
      assert.equal((await discoverTenant(t.ctx, "anyone@Shared.Example")).id, owner.id);
      const entries = [
        ...(await listAudit(t.ctx.store.db, school.id, 100)),
        ...(await listAudit(t.ctx.store.db, town.id, 100)),
      ].filter((a) => a.action === "Add domain");
      assert.equal(entries.length, 1);
    });
  });
}
