import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { insertPhoneMessage } from "../../src/store/queries/phone-messages.ts";
import { listPhoneMessagesPage } from "../../src/store/queries/phone-messages-page.ts";
import type { PhoneMessagesTable } from "../../src/store/schema.ts";
import { type AdminClient, adminClient } from "../admin/admin-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// `reports/phoneMessages` and /admin/phone/messages: every SMS and call of the tenant, newest
// first, a page at a time, by channel, status and user, for the roles that read the sign-in log;
// the number as it was stored (masked), the gateway's answer, and never a code or its hash.

const report = "/api/v1/reports/phoneMessages";
/** A validate challenge's code hash, as the store keeps it: it must never be shown. */
const codeHash = "hmac-sha256:c0de5ecretc0de5ecretc0de5ecret";
// 09:00 UTC on 22 November 2026: 04:00 in New York.
const nineUtc = Date.UTC(2026, 10, 22, 9, 0, 0);

const message = (
  over: Partial<PhoneMessagesTable> &
    Pick<PhoneMessagesTable, "id" | "tenant_id" | "user_id" | "created_at">,
): PhoneMessagesTable => ({
  channel: "sms",
  purpose: "signIn",
  pending_sign_in_id: null,
  phone_type: "mobile",
  recipient_masked: "+39 ••• •••• 12",
  status: "sent",
  via: "primary",
  gateway_message_id: null,
  detail: null,
  code_hash: null,
  expires_at: null,
  attempts: 0,
  language: null,
  updated_at: over.created_at,
  ...over,
});

const codeOf = (answer: { json: () => Record<string, unknown> }) =>
  (answer.json().error as { code?: string } | undefined)?.code;

for (const kind of databaseKinds) {
  describe(`the text messages and calls report on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let reader: AdminClient;
    let policyAdmin: AdminClient;
    let anna = "";
    let bruno = "";
    /** The rows of the tenant, newest first (time, then id), as the report must list them. */
    const expected: string[] = [];

    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      reader = await adminClient(t, server, ["securityReader"]);
      policyAdmin = await adminClient(t, server, ["authenticationPolicyAdministrator"]);
      const db = t.ctx.store.db;
      const tenantId = t.tenant.id;
      const annaUser = await createUser(t.ctx, testActor, t.tenant, {
        upn: "anna.sms@example.it",
      });
      const brunoUser = await createUser(t.ctx, testActor, t.tenant, {
        upn: "bruno.call@example.it",
      });
      anna = annaUser.id;
      bruno = brunoUser.id;
      const rows: PhoneMessagesTable[] = [
        message({
          id: "pm-1",
          tenant_id: tenantId,
          user_id: anna,
          created_at: nineUtc - 4000,
          status: "delivered",
          gateway_message_id: "SMPP-0001",
          detail: "stat:DELIVRD",
          updated_at: nineUtc - 3000,
        }),
        message({
          id: "pm-2",
          tenant_id: tenantId,
          user_id: anna,
          created_at: nineUtc - 3000,
          purpose: "validate",
          status: "undelivered",
          via: "secondary",
          gateway_message_id: "SM0002",
          detail: "stat:UNDELIV err:034",
          code_hash: codeHash,
          expires_at: nineUtc + 300_000,
        }),
        // Two at the same millisecond: the id orders them, and paging between them loses none.
        message({
          id: "pm-3a",
          tenant_id: tenantId,
          user_id: bruno,
          created_at: nineUtc - 2000,
          channel: "voice",
          status: "approved",
          language: "it",
        }),
        message({
          id: "pm-3b",
          tenant_id: tenantId,
          user_id: bruno,
          created_at: nineUtc - 2000,
          channel: "voice",
          status: "fraud",
          language: "it",
        }),
        message({
          id: "pm-4",
          tenant_id: tenantId,
          user_id: bruno,
          created_at: nineUtc,
          channel: "voice",
          status: "denied",
          via: null,
        }),
      ];
      for (const row of rows) await insertPhoneMessage(db, row);
      expected.push("pm-4", "pm-3b", "pm-3a", "pm-2", "pm-1");

      // Another tenant's message is never in this tenant's report.
      const other = await createTenant(t.ctx, testActor, { name: "altro" });
      const stranger = await createUser(t.ctx, testActor, other, { upn: "x@altro.example" });
      await insertPhoneMessage(
        db,
        message({ id: "pm-other", tenant_id: other.id, user_id: stranger.id, created_at: nineUtc }),
      );
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    /** Every page of `query`, following @odata.nextLink; the ids in order. */
    const allPages = async (query: string): Promise<{ ids: string[]; pages: number }> => {
      const ids: string[] = [];
      let url: string | undefined = `${report}?${query}`;
      let pages = 0;
      while (url) {
        const answer = await reader.call("GET", url);
        assert.equal(answer.status, 200, answer.body);
        const body = answer.json() as { value: { id: string }[]; "@odata.nextLink"?: string };
        ids.push(...body.value.map((m) => m.id));
        pages++;
        const next = body["@odata.nextLink"];
        const link = next ? new URL(next, "http://localhost") : undefined;
        url = link ? link.pathname + link.search : undefined;
      }
      return { ids, pages };
    };

    test("pages newest first, continuing after the last row shown, within the tenant", async () => {
      assert.deepEqual(await allPages("$top=2"), { ids: expected, pages: 3 });
      assert.deepEqual(await allPages("$top=3"), { ids: expected, pages: 2 });
      assert.deepEqual((await allPages("")).ids, expected, "one page by default");
      // The store's page itself holds no code hash, under any name.
      const { entries } = await listPhoneMessagesPage(t.ctx.store.db, {
        tenantId: t.tenant.id,
        filter: [],
        top: 10,
      });
      assert.equal(entries.length, expected.length);
      for (const entry of entries) {
        assert.equal(Object.hasOwn(entry, "code_hash"), false);
        assert.equal(Object.values(entry).includes(codeHash), false);
      }
    });

    test("each message in the API's words: masked number, gateway, report, the user's UPN", async () => {
      const answer = await reader.call("GET", `${report}?$filter=userId eq '${anna}'`);
      assert.equal(answer.status, 200, answer.body);
      assert.deepEqual((answer.json() as { value: unknown[] }).value, [
        {
          id: "pm-2",
          createdDateTime: new Date(nineUtc - 3000).toISOString(),
          channel: "sms",
          purpose: "validate",
          userId: anna,
          userPrincipalName: "anna.sms@example.it",
          recipient: "+39 ••• •••• 12",
          status: "undelivered",
          gateway: "secondary",
          gatewayMessageId: "SM0002",
          detail: "stat:UNDELIV err:034",
          updatedDateTime: new Date(nineUtc - 3000).toISOString(),
        },
        {
          id: "pm-1",
          createdDateTime: new Date(nineUtc - 4000).toISOString(),
          channel: "sms",
          purpose: "signIn",
          userId: anna,
          userPrincipalName: "anna.sms@example.it",
          recipient: "+39 ••• •••• 12",
          status: "delivered",
          gateway: "primary",
          gatewayMessageId: "SMPP-0001",
          detail: "stat:DELIVRD",
          updatedDateTime: new Date(nineUtc - 3000).toISOString(),
        },
      ]);
      // The code's hash stays in the store: not its value, not its name.
      assert.equal(answer.body.includes(codeHash), false);
      assert.doesNotMatch(answer.body, /code_?hash/i);
      const everything = await reader.call("GET", `${report}?$top=999`);
      assert.equal(everything.body.includes(codeHash), false);
      assert.doesNotMatch(everything.body, /code_?hash|"code"/i);
    });

    test("$filter on channel, status and user, alone and together; paging keeps the filter", async () => {
      const ids = async (filter: string) => (await allPages(`$filter=${filter}&$top=1`)).ids;
      assert.deepEqual(await ids("channel eq 'voice'"), ["pm-4", "pm-3b", "pm-3a"]);
      assert.deepEqual(await ids("channel eq 'sms'"), ["pm-2", "pm-1"]);
      assert.deepEqual(await ids("status eq 'fraud'"), ["pm-3b"]);
      assert.deepEqual(await ids("status ne 'fraud' and channel eq 'voice'"), ["pm-4", "pm-3a"]);
      assert.deepEqual(await ids(`userId eq '${bruno}' and status eq 'approved'`), ["pm-3a"]);
      assert.deepEqual(await ids("startswith(userPrincipalName,'ANNA.')"), ["pm-2", "pm-1"]);
      assert.deepEqual(await ids("channel eq 'fax'"), []);
    });

    test("bad query options get invalid_request; a role that cannot read the logs gets 403", async () => {
      for (const query of [
        "$filter=code_hash eq 'x'",
        "$filter=recipient eq '+39'",
        "$top=0",
        "$skiptoken=not-ours",
      ]) {
        const answer = await reader.call("GET", `${report}?${query}`);
        assert.equal(answer.status, 400, query);
        assert.equal(codeOf(answer), "invalid_request", query);
      }
      const refused = await policyAdmin.call("GET", report);
      assert.equal(refused.status, 403);
      assert.equal(codeOf(refused), "forbidden");
      assert.equal(refused.body.includes("pm-"), false);
      const anonymous = await server.inject({ method: "GET", url: report });
      assert.equal(anonymous.statusCode, 401);
    });

    test("the page: statuses in words, times in the tenant's zone, filters, linked for log readers only", async () => {
      await changeTenantPolicy(t.ctx, testActor, t.tenant, { timeZone: "America/New_York" });
      const u = await createSignInUser(t, "log.reader@example.it");
      await assignRole(t.ctx, testActor, u.user, "securityReader");
      const browser = await signInToPages(t, server, u);

      const en = await browser.get("/admin/phone/messages?lang=en");
      assert.equal(en.statusCode, 200, en.body);
      assert.match(en.body, /<h1>Text messages and calls<\/h1>/);
      assert.match(en.body, /<a href="\/admin\/phone\/messages">Text messages and calls<\/a>/);
      for (const words of ["Delivered", "Not delivered", "Approved", "Denied", "Reported as fraud"])
        assert.match(en.body, new RegExp(`<td data-label="Status">${words}</td>`), words);
      assert.match(en.body, /\+39 ••• •••• 12/);
      assert.match(en.body, /stat:UNDELIV err:034/);
      assert.match(en.body, /04:00/, "09:00 UTC in New York");
      assert.doesNotMatch(en.body, /09:00/);
      assert.equal(en.body.includes(codeHash), false);
      assert.equal(en.body.includes("pm-other"), false);

      const it = await browser.get("/admin/phone/messages?lang=it");
      for (const words of [
        "Consegnato",
        "Non consegnato",
        "Approvata",
        "Negata",
        "Segnalata come illecita",
      ])
        assert.match(it.body, new RegExp(`<td data-label="Stato">${words}</td>`), words);
      assert.match(it.body, /<h1>SMS e chiamate<\/h1>/);

      const calls = await browser.get("/admin/phone/messages?lang=en&channel=voice&status=fraud");
      assert.equal((calls.body.match(/<td data-label="Status">/g) ?? []).length, 1);
      assert.match(calls.body, /Reported as fraud/);
      assert.match(calls.body, /<option value="voice" selected>/);
      const byUser = await browser.get("/admin/phone/messages?lang=en&upn=anna");
      assert.equal((byUser.body.match(/<td data-label="Status">/g) ?? []).length, 2);
      assert.doesNotMatch(byUser.body, /bruno\.call/);

      // The phone settings page links here for a role that reads the logs, not for one that cannot.
      const policyReader = await createSignInUser(t, "policy.admin@example.it");
      await assignRole(t.ctx, testActor, policyReader.user, "authenticationPolicyAdministrator");
      const policyBrowser = await signInToPages(t, server, policyReader);
      const settings = await policyBrowser.get("/admin/phone?lang=en");
      assert.equal(settings.statusCode, 200);
      assert.doesNotMatch(settings.body, /href="\/admin\/phone\/messages"/);
      const refused = await policyBrowser.get("/admin/phone/messages?lang=en");
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.body.includes("anna.sms"), false);
    });

    test("the page pages fifty at a time, after the last row shown", async () => {
      const many = await createUser(t.ctx, testActor, t.tenant, { upn: "many@example.it" });
      for (let i = 0; i < 53; i++) {
        await insertPhoneMessage(
          t.ctx.store.db,
          message({
            id: `bulk-${String(i).padStart(2, "0")}`,
            tenant_id: t.tenant.id,
            user_id: many.id,
            // Three rows share each millisecond, so a page may end inside one.
            created_at: nineUtc - 60_000 - Math.floor(i / 3),
          }),
        );
      }
      const admin = await createSignInUser(t, "global.admin@example.it");
      await assignRole(t.ctx, testActor, admin.user, "globalAdministrator");
      const browser = await signInToPages(t, server, admin);
      const first = await browser.get("/admin/phone/messages?lang=en&upn=many");
      const rows = (body: string) => (body.match(/<td data-label="Status">/g) ?? []).length;
      assert.equal(rows(first.body), 50);
      const next = /<a href="([^"]+)">Next page<\/a>/
        .exec(first.body)?.[1]
        ?.replaceAll("&amp;", "&");
      assert.ok(next?.startsWith("/admin/phone/messages?upn=many&"), next);
      const second = await browser.get(next ?? "");
      assert.equal(rows(second.body), 3);
      assert.doesNotMatch(second.body, /Next page/);
    });
  });
}
