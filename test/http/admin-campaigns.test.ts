import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/directory/create-user.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listCampaigns } from "../../src/store/queries/campaigns.ts";
import { browserLike } from "../support/http-client.ts";
import { csrfOf, formHeaders, html, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

describe("enrolment campaigns on the admin pages and at sign-in", () => {
  let t: TestApp;
  let server: FastifyInstance;
  before(async () => {
    t = await openTestApp("sqlite");
    server = await buildTestServer(t.ctx);
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  const admin = async (upn: string, role: Role) => {
    const u = await createSignInUser(t, upn);
    await assignRole(t.ctx, testActor, u.user, role);
    return signInToPages(t, server, u);
  };

  test("a Global Administrator starts a campaign, sees its progress and ends it; each step audited", async () => {
    const global = await admin("campaign.admin@school.it", "globalAdministrator");
    await createUser(t.ctx, testActor, t.tenant, { upn: "late@school.it", password: testPassword });
    const page = await global.get("/admin/campaigns");
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<a href="\/admin\/campaigns">Enrolment campaigns<\/a>/);

    const refused = await global.post("/admin/campaigns", {
      group: "",
      start: "2026-12-10",
      deadline: "2026-12-01",
      postponements: "3",
      reminderDays: "7",
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /needs a start before its deadline/);
    assert.match(refused.body, /value="2026-12-10"/, "the form keeps what was typed");
    assert.equal((await listCampaigns(t.ctx.store.db, t.tenant.id)).length, 0);

    const created = await global.post("/admin/campaigns", {
      group: "",
      start: "",
      deadline: "2026-12-18",
      postponements: "2",
      reminderDays: "5",
    });
    assert.deepEqual(
      [created.statusCode, created.headers.location],
      [303, "/admin/campaigns?notice=campaign_created"],
    );
    const [campaign] = await listCampaigns(t.ctx.store.db, t.tenant.id);
    // The deadline day ends at midnight in Rome: 19 December 00:00 CET is 18 December 23:00 UTC.
    assert.equal(campaign?.deadlineAt, Date.UTC(2026, 11, 18, 23, 0));
    const listed = await global.get("/admin/campaigns?notice=campaign_created");
    assert.match(listed.body, /The campaign has been created\./);
    assert.match(listed.body, /Everyone · Running/);
    assert.match(listed.body, /Registered: 1 of 2/);

    const ended = await global.post(`/admin/campaigns/${campaign?.id}/end`, {});
    assert.equal(ended.headers.location, "/admin/campaigns?notice=campaign_ended");
    const again = await global.post(`/admin/campaigns/${campaign?.id}/end`, {});
    assert.equal(again.headers.location, "/admin/campaigns?error=campaign_ended");
    const actions = (await listAudit(t.ctx.store.db, t.tenant.id, 100)).map((e) => e.action);
    assert.ok(actions.includes("Add enrolment campaign"));
    assert.ok(actions.includes("End enrolment campaign"));
  });

  test("a Helpdesk Administrator has no link and is refused; a Security Reader reads without the form", async () => {
    const helpdesk = await admin("campaign.helpdesk@school.it", "helpdeskAdministrator");
    assert.doesNotMatch((await helpdesk.get("/admin/users")).body, /href="\/admin\/campaigns"/);
    assert.equal((await helpdesk.get("/admin/campaigns")).statusCode, 403);
    const before = (await listCampaigns(t.ctx.store.db, t.tenant.id)).length;
    const forged = await helpdesk.post("/admin/campaigns", {
      deadline: "2026-12-30",
      postponements: "1",
      reminderDays: "1",
    });
    assert.equal(forged.statusCode, 403);

    const reader = await admin("campaign.reader@school.it", "securityReader");
    const page = await reader.get("/admin/campaigns");
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /action="\/admin\/campaigns"/);
    const posted = await reader.post("/admin/campaigns", {
      deadline: "2026-12-30",
      postponements: "1",
      reminderDays: "1",
    });
    assert.equal(posted.statusCode, 403);
    assert.equal((await listCampaigns(t.ctx.store.db, t.tenant.id)).length, before);
  });

  test('at sign-in the registration page offers "Not now"; the form needs its CSRF token', async () => {
    const global = await admin("campaign.starter@school.it", "globalAdministrator");
    await global.post("/admin/campaigns", {
      group: "",
      start: "",
      deadline: "2026-12-18",
      postponements: "1",
      reminderDays: "7",
    });
    await createUser(t.ctx, testActor, t.tenant, {
      upn: "not.now@school.it",
      password: testPassword,
    });
    const browser = browserLike(server, html);
    const token = csrfOf((await browser.request({ url: "/sign-in" })).body);
    const post = (url: string, fields: Record<string, string>) =>
      browser.request({
        method: "POST",
        url,
        headers: formHeaders,
        payload: new URLSearchParams(fields).toString(),
      });
    const first = await post("/sign-in", {
      _csrf: token,
      upn: "not.now@school.it",
      password: testPassword,
    });
    assert.equal(first.headers.location, "/sign-in/register");
    const intro = await browser.request({ url: "/sign-in/register" });
    assert.match(intro.body, /Not now, remind me later \(1 left\)/);
    assert.match(intro.body, /until 18 Dec 2026, 23:59/);
    const fresh = browser.jar.get("varco_csrf") ?? csrfOf(intro.body);
    const forged = await post("/sign-in/register/postpone", { _csrf: "x".repeat(43) });
    assert.equal(forged.statusCode, 403);
    const later = await post("/sign-in/register/postpone", { _csrf: fresh });
    assert.equal(later.statusCode, 303);
    assert.ok(
      browser.jar.get("varco_session"),
      "signed in without a method, as the campaign allows",
    );

    const italian = browserLike(server, { ...html, "accept-language": "it" });
    const itToken = csrfOf((await italian.request({ url: "/sign-in" })).body);
    await italian.request({
      method: "POST",
      url: "/sign-in",
      headers: { ...formHeaders, "accept-language": "it" },
      payload: new URLSearchParams({
        _csrf: itToken,
        upn: "not.now@school.it",
        password: testPassword,
      }).toString(),
    });
    const owed = await italian.request({ url: "/sign-in/register" });
    assert.doesNotMatch(owed.body, /Non ora/, "no postponement left");
  });
});
