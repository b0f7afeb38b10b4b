import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import type { Tenant } from "../../src/directory/types.ts";
import { activateSoftwareOath } from "../../src/methods/software-oath/activate.ts";
import { enrolSoftwareOath } from "../../src/methods/software-oath/enrol.ts";
import { parseTenantPolicy } from "../../src/policy/tenant-policy.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { fraudNotice } from "../../src/risk/fraud-notice.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { adminClient } from "../admin/admin-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const html = { accept: "text/html" };
const formHeaders = { ...html, "content-type": "application/x-www-form-urlencoded" };
// 09:00 UTC on 22 November 2026: 10:00 in Rome, 04:00 in New York.
const nineUtc = Date.UTC(2026, 10, 22, 9, 0, 0);

for (const kind of databaseKinds) {
  describe(`the tenant's time zone (${kind})`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    /** The locked page a user of `tenant` sees, locked out for the policy's 15 minutes from 09:00 UTC. */
    const lockedPage = async (tenant: Tenant, upn: string) => {
      const user = await createUser(t.ctx, testActor, tenant, { upn, password: testPassword });
      const { method, secret } = await enrolSoftwareOath(t.ctx, testActor, tenant, user, {
        label: "phone",
      });
      const code = await oathtoolTotp(secret, { timeMs: t.clock.now() });
      await activateSoftwareOath(t.ctx, testActor, tenant, user, { methodId: method.id, code });
      const browser = browserLike(server, html);
      const page = await browser.request({ url: `/sign-in?tenant=${tenant.name}` });
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
      const answer = await browser.request({
        method: "POST",
        url: "/sign-in",
        headers: formHeaders,
        payload: new URLSearchParams({
          _csrf: token,
          tenant: tenant.name,
          upn,
          password: testPassword,
        }).toString(),
      });
      assert.equal(answer.headers.location, "/sign-in/verify");
      // The tenant locks at the first wrong code, for its 15 minutes from 09:00 UTC.
      t.clock.set(nineUtc);
      const wrong = await browser.request({
        method: "POST",
        url: "/sign-in/verify",
        headers: formHeaders,
        payload: new URLSearchParams({
          _csrf: browser.jar.get("varco_csrf") ?? token,
          code: "000000",
        }).toString(),
      });
      assert.equal(wrong.statusCode, 423);
      return wrong.body;
    };

    test("a tenant in America/New_York sees the lockout's end in New York time; another tenant still in Rome time", async () => {
      const newYork = await createTenant(t.ctx, testActor, { name: "ny-office" });
      await changeTenantPolicy(t.ctx, testActor, newYork, {
        timeZone: "America/New_York",
        lockoutThreshold: 1,
      });
      const rome = await createTenant(t.ctx, testActor, { name: "rome-office" });
      assert.equal(rome.policy.timeZone, "Europe/Rome", "the default");
      await changeTenantPolicy(t.ctx, testActor, rome, { lockoutThreshold: 1 });

      const inNewYork = await lockedPage(newYork, "locked@ny.example");
      assert.match(inNewYork, /04:15/);
      assert.doesNotMatch(inNewYork, /10:15/);
      const inRome = await lockedPage(rome, "locked@rome.example");
      assert.match(inRome, /10:15/);
      assert.doesNotMatch(inRome, /04:15/);
    });

    test("the admin pages give times in the administrator's tenant's zone", async () => {
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
        timeZone: "America/New_York",
      });
      try {
        const { key } = await createApiKey(t.ctx, testActor, t.tenant, { name: "tz" });
        const locked = await createSignInUser(t, "admin.locked@example.it");
        t.clock.set(nineUtc);
        for (let i = 0; i < 10; i++) {
          await server.inject({
            method: "POST",
            url: "/api/v1/validate",
            headers: { authorization: `Bearer ${key}` },
            payload: { upn: locked.upn, code: "000000" },
          });
        }
        const helpdesk = await createSignInUser(t, "admin.tz@example.it");
        await assignRole(t.ctx, testActor, helpdesk.user, "helpdeskAdministrator");
        const browser = browserLike(server, html);
        const token = /name="_csrf" value="([^"]+)"/.exec(
          (await browser.request({ url: "/sign-in" })).body,
        )?.[1];
        const post = (url: string, fields: Record<string, string>) =>
          browser.request({
            method: "POST",
            url,
            headers: formHeaders,
            payload: new URLSearchParams({
              _csrf: browser.jar.get("varco_csrf") ?? token ?? "",
              ...fields,
            }).toString(),
          });
        await post("/sign-in", { upn: helpdesk.upn, password: testPassword });
        t.clock.advance(30_000);
        await post("/sign-in/verify", {
          code: await oathtoolTotp(helpdesk.secret, { timeMs: t.clock.now() }),
        });
        const list = await browser.request({ url: "/admin/lockouts" });
        assert.equal(list.statusCode, 200);
        // Locked at 09:00 UTC for 15 minutes: 04:15 in New York, not 10:15 in Rome.
        assert.match(list.body, /22 Nov 2026, 04:15/);
        assert.doesNotMatch(list.body, /10:15/);
      } finally {
        await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
          timeZone: "Europe/Rome",
        });
      }
    });

    test("the fraud e-mail gives the time in the tenant's zone, named", async () => {
      const tenant = await createTenant(t.ctx, testActor, { name: "ny-mail" });
      const changed = await changeTenantPolicy(t.ctx, testActor, tenant, {
        timeZone: "America/New_York",
      });
      const user = await createUser(t.ctx, testActor, tenant, { upn: "mail@ny.example" });
      const { text } = fraudNotice({
        tenant: { ...tenant, policy: changed },
        user,
        client: { ip: "192.0.2.1", userAgent: null },
        now: nineUtc,
        action: "block",
      });
      assert.match(text, /Time: 22 Nov 2026, 04:00 \(America\/New_York\)/);
      assert.match(text, /Ora: 22 nov 2026, 04:00 \(America\/New_York\)/);
      // Each half in its own language, down to what is not known about the browser.
      assert.match(text, /^From: 192\.0\.2\.1 \(unknown browser\)$/m);
      assert.match(text, /^Da: 192\.0\.2\.1 \(browser sconosciuto\)$/m);
    });

    test("the admin API sets the zone, audited; an unknown zone is refused naming the field and changes nothing", async () => {
      const policyAdmin = await adminClient(t, server, ["authenticationPolicyAdministrator"]);
      const path = "/api/v1/policies/authenticationMethodsPolicy";
      assert.equal((await policyAdmin.call("GET", path)).json().timeZone, "Europe/Rome");
      const changed = await policyAdmin.call("PATCH", path, { timeZone: "Asia/Tokyo" });
      assert.equal(changed.status, 200);
      assert.equal(changed.json().timeZone, "Asia/Tokyo");
      const [audited] = await listAudit(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(audited?.action, "Update tenant policy");
      assert.match(String(audited?.details_json), /"timeZone":"Asia\/Tokyo"/);
      const before = (await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).length;
      for (const zone of ["Mars/Olympus", "+01:00", "", "Europe/Rome; x", 5]) {
        const refused = await policyAdmin.call("PATCH", path, {
          timeZone: zone,
          lockoutMinutes: 30,
        });
        assert.equal(refused.status, 400, String(zone));
        const error = refused.json().error as { code: string; message: string };
        assert.equal(error.code, "invalid_policy");
        if (typeof zone === "string") assert.match(JSON.stringify(refused.json()), /timeZone/);
      }
      const now = (await policyAdmin.call("GET", path)).json();
      assert.deepEqual([now.timeZone, now.lockoutMinutes], ["Asia/Tokyo", 15], "nothing changed");
      assert.equal(
        (await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).length,
        before,
        "nothing audited",
      );
    });
  });
}

test("a stored policy from before the setting reads as Europe/Rome; a stored unknown zone is refused", () => {
  assert.equal(parseTenantPolicy(JSON.stringify({ lockoutThreshold: 5 })).timeZone, "Europe/Rome");
  assert.equal(
    parseTenantPolicy(JSON.stringify({ timeZone: "US/Eastern" })).timeZone,
    "America/New_York",
  );
  assert.throws(
    () => parseTenantPolicy(JSON.stringify({ timeZone: "Nowhere/At_All" })),
    (error: Error & { code?: string }) =>
      error.code === "invalid_policy" && /timeZone/.test(error.message),
  );
});
