import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiClient } from "../../src/api-clients/create-api-client.ts";
import { createTenant } from "../../src/directory/create-tenant.ts";
import type { Tenant } from "../../src/directory/types.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { type AdminClient, adminClient, requestToken } from "./admin-client.ts";

// Graph's /domains, scoped to the caller's tenant; and the JSON sign-in finding the tenant by
// the UPN's domain.
for (const kind of databaseKinds) {
  describe(`domains API on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let school: Tenant;
    let global: AdminClient;
    let schoolGlobal: AdminClient;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      school = await createTenant(t.ctx, testActor, { name: "school", displayName: "School" });
      global = await adminClient(t, server, ["globalAdministrator"]);
      schoolGlobal = await adminClient({ ...t, tenant: school }, server, ["globalAdministrator"]);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test("a Global Administrator adds, lists and removes the tenant's domains, audited", async () => {
      const added = await schoolGlobal.call("POST", "/api/v1/domains", { id: " School.IT " });
      assert.equal(added.status, 201, added.body);
      assert.equal(added.json().id, "school.it");
      const listed = await schoolGlobal.call("GET", "/api/v1/domains");
      assert.deepEqual(
        (listed.json().value as { id: string }[]).map((d) => d.id),
        ["school.it"],
      );
      assert.deepEqual((await global.call("GET", "/api/v1/domains")).json().value, []);
      const extra = await schoolGlobal.call("POST", "/api/v1/domains", { id: "old.school.it" });
      assert.equal(extra.status, 201, extra.body);
      const removed = await schoolGlobal.call("DELETE", "/api/v1/domains/OLD.school.it");
      assert.equal(removed.status, 204, removed.body);
      const actions = (await listAudit(t.ctx.store.db, school.id, 100)).map(
        (a) => `${a.action} ${a.target_id}`,
      );
      assert.ok(actions.includes("Add domain school.it"), actions.join("\n"));
      assert.ok(actions.includes("Remove domain old.school.it"), actions.join("\n"));
    });

    test("taken, invalid and another tenant's domains are refused with their code; nothing changes", async () => {
      const audited = async () =>
        (await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).length +
        (await listAudit(t.ctx.store.db, school.id, 10_000)).length;
      const before = await audited();
      const taken = await global.call("POST", "/api/v1/domains", { id: "SCHOOL.it" });
      assert.deepEqual(
        [taken.status, (taken.json().error as { code: string }).code],
        [409, "domain_exists"],
        taken.body,
      );
      for (const id of ["school", "10.1.2.3", "a..b.it", "bad_name.it", `${"x".repeat(50)}.it`]) {
        const refused = await global.call("POST", "/api/v1/domains", { id });
        assert.deepEqual(
          [refused.status, (refused.json().error as { code: string }).code],
          [400, "invalid_domain"],
          id,
        );
      }
      const foreign = await global.call("DELETE", "/api/v1/domains/school.it");
      assert.deepEqual(
        [foreign.status, (foreign.json().error as { code: string }).code],
        [404, "domain_not_found"],
      );
      assert.deepEqual((await global.call("GET", "/api/v1/domains")).json().value, []);
      assert.equal(await audited(), before);
    });

    test("only a Global Administrator adds or removes a domain; readers may list", async () => {
      const { clientId, clientSecret } = await createApiClient(t.ctx, testActor, school, {
        name: "policy",
        roles: ["authenticationPolicyAdministrator", "privilegedAuthenticationAdministrator"],
      });
      const token = (await requestToken(server, clientId, clientSecret)).json()
        .access_token as string;
      const call = (method: "GET" | "POST" | "DELETE", url: string, body?: object) =>
        server.inject({
          method,
          url,
          headers: { authorization: `Bearer ${token}` },
          ...(body ? { payload: body } : {}),
        });
      assert.equal((await call("GET", "/api/v1/domains")).statusCode, 200);
      const add = await call("POST", "/api/v1/domains", { id: "other.school.it" });
      assert.deepEqual(
        [add.statusCode, (add.json().error as { code: string }).code],
        [403, "forbidden"],
      );
      const remove = await call("DELETE", "/api/v1/domains/school.it");
      assert.deepEqual(
        [remove.statusCode, (remove.json().error as { code: string }).code],
        [403, "forbidden"],
      );
      const listed = await schoolGlobal.call("GET", "/api/v1/domains");
      assert.deepEqual(
        (listed.json().value as { id: string }[]).map((d) => d.id),
        ["school.it"],
      );
    });

    test("POST /api/v1/sign-in with a UPN and no tenant finds the tenant by the domain", async () => {
      const mario = await createSignInUser({ ...t, tenant: school }, "mario.rossi@School.it");
      const browser = browserLike(server);
      const start = await browser.json("POST", "/api/v1/sign-in", {
        upn: mario.upn,
        password: testPassword,
      });
      assert.equal(start.json().state, "second_factor", start.body);
      // A domain nobody has: the default tenant, where this user is unknown.
      const elsewhere = await browserLike(server).json("POST", "/api/v1/sign-in", {
        upn: "mario.rossi@nowhere.it",
        password: testPassword,
      });
      assert.equal(elsewhere.statusCode, 401, elsewhere.body);
      // Named, the tenant wins over the domain.
      const named = await browserLike(server).json("POST", "/api/v1/sign-in", {
        upn: mario.upn,
        password: testPassword,
        tenant: "default",
      });
      assert.equal(named.statusCode, 401, named.body);
    });
  });
}
