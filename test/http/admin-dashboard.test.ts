import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import type { FastifyInstance } from "fastify";
import { createGroup } from "../../src/directory/create-group.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { setGroupMember } from "../../src/directory/set-group-member.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { recordSignIn, type SignInReason } from "../../src/sign-in/record-sign-in.ts";
import { setUserRisk } from "../../src/store/queries/risk.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const client = { ip: "203.0.113.9", userAgent: "test-browser" };
const hour = 60 * 60_000;

/** The day row of the "sign-ins day by day" table: success, wrong factor, locked out, reported. */
function dayRow(body: string, label: string): number[] | undefined {
  const row = new RegExp(
    `<tr><th scope="row">${label}</th>((?:<td class="number">\\d+</td>){4})</tr>`,
  ).exec(body);
  return row?.[1] ? [...row[1].matchAll(/>(\d+)</g)].map((m) => Number(m[1])) : undefined;
}

for (const kind of databaseKinds) {
  describe(`the roll-out dashboard on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    const admin = async (upn: string, role: Role) => {
      const u = await createSignInUser(t, upn);
      await assignRole(t.ctx, testActor, u.user, role);
      return u;
    };
    const log = async (time: number, result: "success" | "failure", reason: SignInReason) => {
      const now = t.clock.now();
      t.clock.set(time);
      await recordSignIn(t.ctx.store.db, time, {
        tenantId: t.tenant.id,
        userId: null,
        upn: "someone@school.it",
        channel: "pages",
        client,
        result,
        reason,
      });
      t.clock.set(now);
    };

    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test("counts registration, methods, sign-ins per day in the tenant's zone and users at risk", async () => {
      const global = await admin("global.admin@school.it", "globalAdministrator");
      const staffed = await createSignInUser(t, "anna.bianchi@school.it");
      await createSignInUser(t, "carlo.verdi@school.it");
      const late = await createUser(t.ctx, testActor, t.tenant, {
        upn: "dario.neri@school.it",
        password: testPassword,
      });
      await createUser(t.ctx, testActor, t.tenant, {
        upn: "elena.gialli@school.it",
        password: testPassword,
        displayName: '=HYPERLINK("http://x")',
      });
      const staff = await createGroup(t.ctx, testActor, t.tenant, "Segreteria");
      await setGroupMember(t.ctx, testActor, staff, staffed.user, true);
      await setGroupMember(t.ctx, testActor, staff, late, true);
      await setUserRisk(t.ctx.store.db, {
        user_id: staffed.user.id,
        tenant_id: t.tenant.id,
        risk_level: "high",
        risk_state: "atRisk",
        risk_detail: "userReportedSuspiciousActivity",
        updated_at: t.clock.now(),
      });

      // The clock stands on 22 November 2026, about 09:00 UTC (10:00 in Rome).
      const today = Date.UTC(2026, 10, 22, 8, 0);
      await log(Date.UTC(2026, 10, 21, 23, 30), "success", "success"); // 00:30 on the 22nd in Rome
      await log(Date.UTC(2026, 10, 21, 22, 30), "failure", "invalid_code"); // 23:30 on the 21st
      await log(today - 3 * 24 * hour, "failure", "locked_out");
      await log(today - 3 * 24 * hour, "failure", "fraud_reported");
      await log(today - 3 * 24 * hour, "failure", "invalid_password"); // not one of the four
      await log(today - 40 * 24 * hour, "success", "success"); // before the 30 days

      const page = await signInToPages(t, server, global); // one more success today
      const answer = await page.get("/admin");
      assert.equal(answer.statusCode, 200);
      // The page's markup for narrow screens (labels per cell, breaks in addresses) aside.
      const body = answer.body.replaceAll("<wbr>", "").replace(/ data-label="[^"]*"/g, "");
      assert.match(body, /3 of 5 users have registered\./);
      assert.match(body, /Registered: 3 \(60%\)/);
      assert.match(body, /Not yet registered: 2 \(40%\)/);
      assert.match(
        body,
        /<th scope="row" class="label-cell">Segreteria<\/th>\s*<td class="number">2<\/td>\s*<td class="number">1 \(50%\)<\/td>/,
      );
      assert.match(body, /dario\.neri@school\.it/);
      assert.match(body, /elena\.gialli@school\.it/);
      assert.doesNotMatch(
        body,
        /<li><a href="\/admin\/users\/[^"]+">carlo\.verdi@school\.it/,
        "registered users are not listed",
      );
      assert.match(body, /<dt>Authenticator apps<\/dt><dd>3<\/dd>/);
      assert.match(body, /<dt>Users with backup codes<\/dt><dd>3<\/dd>/);
      assert.deepEqual(dayRow(body, "22/11"), [2, 0, 0, 0]);
      assert.deepEqual(dayRow(body, "21/11"), [0, 1, 0, 0]);
      assert.deepEqual(dayRow(body, "19/11"), [0, 0, 1, 1]);
      assert.equal(dayRow(body, "23/10"), undefined, "30 days: 24 October to 22 November");
      assert.deepEqual(dayRow(body, "24/10"), [0, 0, 0, 0]);
      assert.match(body, /Users at risk: 1/);
      assert.match(
        body,
        /<svg viewBox="0 0 600 200" role="img" aria-labelledby="sign-ins-title sign-ins-desc"/,
      );
      assert.match(
        body,
        /<desc id="sign-ins-desc">Successful: 2; Wrong second factor: 1; Locked out: 1; Reported as not theirs: 1<\/desc>/,
      );

      const italian = await page.get("/admin?lang=it");
      assert.match(italian.body, /Utenti che hanno completato la registrazione: 3 su 5\./);

      // Only the group's members count when MFA is asked of the group alone.
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
        mfaRequiredFor: "group",
        mfaGroupId: staff.id,
      });
      try {
        const scoped = await page.get("/admin?lang=en");
        assert.match(scoped.body, /1 of 2 users have registered\./);
        const csv: { userPrincipalName: string }[] = parse(
          (await page.get("/admin/dashboard/unregistered.csv")).body,
          {
            columns: true,
          },
        );
        assert.deepEqual(
          csv.map((r) => r.userPrincipalName),
          ["dario.neri@school.it"],
        );
      } finally {
        await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
          mfaRequiredFor: "all",
          mfaGroupId: null,
        });
      }
    });

    test("the CSV lists everyone not registered, safe to open in a spreadsheet", async () => {
      const global = await admin("csv.admin@school.it", "globalAdministrator");
      const page = await signInToPages(t, server, global);
      const answer = await page.get("/admin/dashboard/unregistered.csv");
      assert.equal(answer.statusCode, 200);
      assert.match(String(answer.headers["content-type"]), /^text\/csv/);
      assert.match(
        String(answer.headers["content-disposition"]),
        /attachment; filename="not-registered.csv"/,
      );
      const rows = parse(answer.body, { columns: true }) as Record<string, string>[];
      assert.deepEqual(
        rows.map((r) => [r.userPrincipalName, r.displayName]),
        [
          ["dario.neri@school.it", "dario.neri@school.it"],
          ["elena.gialli@school.it", '\'=HYPERLINK("http://x")'],
        ],
      );
    });

    test("a Helpdesk Administrator has no link to it and is refused the export; a Security Reader reads it", async () => {
      const helpdesk = await signInToPages(
        t,
        server,
        await admin("helpdesk@school.it", "helpdeskAdministrator"),
      );
      const landing = await helpdesk.get("/admin");
      assert.deepEqual([landing.statusCode, landing.headers.location], [303, "/admin/users"]);
      const users = await helpdesk.get("/admin/users");
      assert.doesNotMatch(users.body, /href="\/admin"/);
      assert.equal((await helpdesk.get("/admin/dashboard/unregistered.csv")).statusCode, 403);

      const reader = await signInToPages(
        t,
        server,
        await admin("reader@school.it", "securityReader"),
      );
      assert.match((await reader.get("/admin/users")).body, /<a href="\/admin">Roll-out<\/a>/);
      assert.equal((await reader.get("/admin")).statusCode, 200);
      assert.equal((await reader.get("/admin/dashboard/unregistered.csv")).statusCode, 200);
      assert.match((await reader.get("/admin")).body, /Users at risk: 1/);

      // The policy administrator reads the roll-out, not who is at risk (no readRisk).
      const policy = await signInToPages(
        t,
        server,
        await admin("policy@school.it", "authenticationPolicyAdministrator"),
      );
      const seen = await policy.get("/admin");
      assert.equal(seen.statusCode, 200);
      assert.doesNotMatch(seen.body, /Users at risk|anna\.bianchi/);
    });
  });
}
