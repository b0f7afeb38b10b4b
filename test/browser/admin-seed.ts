import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import type { Page } from "playwright-core";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import { createCampaign } from "../../src/campaigns/create-campaign.ts";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { keepBulkOutcome } from "../../src/directory/bulk/bulk-outcomes.ts";
import { addTenantDomain } from "../../src/directory/domains/add-tenant-domain.ts";
import { keepImportOutcome } from "../../src/hardware-tokens/import-outcomes.ts";
import { phoneMessageStatuses } from "../../src/methods/phone/phone-message-statuses.ts";
import { issueTemporaryAccessPass } from "../../src/methods/temporary-access-pass/issue.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { createScimToken } from "../../src/scim/tokens/create-scim-token.ts";
import { insertPhoneMessage } from "../../src/store/queries/phone-messages.ts";
import { browserLike } from "../support/http-client.ts";
import { csrfOf, formHeaders, html } from "../support/page-sign-in.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { navigating } from "./harness.ts";
import { codeNow, nextStep } from "./steps.ts";

// One Varco app for the tests that look at every admin page: a user in each state (enabled,
// blocked by an administrator, locked out, blocked after reporting fraud), with methods, a
// Temporary Access Pass, roles, sign-in log and audit entries of several kinds, a campaign, a
// domain, a SCIM token, and a text message or call in every state.

export type SeededAdminApp = {
  t: TestApp;
  baseUrl: string;
  admin: SignInUser;
  users: Record<"enabled" | "blocked" | "lockedOut" | "fraud", SignInUser>;
  /** Every admin page, by a name for messages: the lists, each user, the pages that ask first. */
  paths: Record<string, string>;
  close(): Promise<void>;
};

/** Reports a sign-in as not made by the user, as the verify page's link does. */
async function reportFraud(server: FastifyInstance, upn: string): Promise<void> {
  const browser = browserLike(server, html);
  const token = csrfOf((await browser.request({ url: "/sign-in" })).body);
  const post = (url: string, fields: Record<string, string>) =>
    browser.request({
      method: "POST",
      url,
      headers: formHeaders,
      payload: new URLSearchParams({
        _csrf: browser.jar.get("varco_csrf") ?? token,
        ...fields,
      }).toString(),
    });
  const first = await post("/sign-in", { upn, password: testPassword });
  assert.equal(first.headers.location, "/sign-in/verify");
  const reported = await post("/sign-in/report", {});
  assert.ok(reported.statusCode < 400, `the report is taken: ${reported.statusCode}`);
}

export async function serveSeededAdminApp(): Promise<SeededAdminApp> {
  const t = await openTestApp("sqlite");
  const server = await buildTestServer(t.ctx);
  await server.listen({ host: "127.0.0.1", port: 0 });
  const address = server.server.address();
  assert.ok(address && typeof address === "object");

  const admin = await createSignInUser(t, "amministratrice.sistemi@comune.example.it");
  await assignRole(t.ctx, testActor, admin.user, "globalAdministrator");
  const enabled = await createSignInUser(t, "mario.rossi@comune.example.it");
  await assignRole(t.ctx, testActor, enabled.user, "helpdeskAdministrator");
  await issueTemporaryAccessPass(t.ctx, testActor, t.tenant, enabled.user, {
    lifetimeMinutes: 60,
    usableOnce: true,
  });
  const blocked = await createSignInUser(t, "giulia.bianchi@comune.example.it");
  await setUserBlocked(t.ctx, testActor, blocked.user, { blocked: true, reason: "Trasferita" });
  const lockedOut = await createSignInUser(t, "luca.verdi@comune.example.it");
  const { key } = await createApiKey(t.ctx, testActor, t.tenant, { name: "posta" });
  for (let i = 0; i < 11; i++) {
    await server.inject({
      method: "POST",
      url: "/api/v1/validate",
      headers: { authorization: `Bearer ${key}` },
      payload: { upn: lockedOut.upn, code: "000000" },
    });
  }
  const fraud = await createSignInUser(t, "anna.neri@comune.example.it");
  await reportFraud(server, fraud.upn);
  // A wrong password and an unknown user, for the sign-in log.
  for (const upn of [enabled.upn, "nessuno@comune.example.it"]) {
    const browser = browserLike(server, html);
    const token = csrfOf((await browser.request({ url: "/sign-in" })).body);
    await browser.request({
      method: "POST",
      url: "/sign-in",
      headers: formHeaders,
      payload: new URLSearchParams({ _csrf: token, upn, password: "not the password" }).toString(),
    });
  }

  const day = 24 * 60 * 60_000;
  await createCampaign(t.ctx, testActor, t.tenant, {
    group: null,
    startsAt: t.clock.now(),
    deadlineAt: t.clock.now() + 14 * day,
    postponementsAllowed: 3,
    reminderIntervalDays: 2,
  });

  // What an upload leaves for its administrator: a token import and a bulk create, each with a
  // refused row, as the upload pages keep them.
  const owner = { tenantId: t.tenant.id, userId: admin.user.id };
  await keepImportOutcome(t.ctx, owner, {
    id: "0192f0c0-0000-7000-8000-000000000001",
    imported: 3,
    assigned: 2,
    failed: 1,
    refused: [{ line: 4, serial: "GALT-0004", error: "The secret key is not Base32." }],
    errorsCsv: "line,serial number,error\n4,GALT-0004,The secret key is not Base32.\n",
  });
  await keepBulkOutcome(t.ctx, owner, {
    id: "0192f0c0-0000-7000-8000-000000000002",
    kind: "create",
    done: 12,
    failed: 1,
    refused: [
      {
        line: 5,
        upn: "francesca.esposito.direzione.generale@comune.example.it",
        error: "The user name already exists.",
      },
    ],
    errorsCsv: "",
  });
  await addTenantDomain(t.ctx, testActor, t.tenant, "comune.example.it");
  const { scimToken } = await createScimToken(t.ctx, testActor, t.tenant, { name: "Entra ID" });

  // A text message or call in every state, with a gateway's long id and answer.
  for (const [i, status] of phoneMessageStatuses.entries()) {
    const call = ["calling", "approved", "denied", "fraud"].includes(status);
    await insertPhoneMessage(t.ctx.store.db, {
      id: `0192f0c0-0000-7000-8000-1000000000${String(i).padStart(2, "0")}`,
      tenant_id: t.tenant.id,
      user_id: i % 2 === 0 ? fraud.user.id : admin.user.id,
      channel: call ? "voice" : "sms",
      purpose: (["signIn", "registration", "validate"] as const)[i % 3] ?? "signIn",
      pending_sign_in_id: null,
      phone_type: "mobile",
      recipient_masked: "+39 ••• •••• 12",
      status,
      via: i % 2 === 0 ? "primary" : "secondary",
      gateway_message_id: status === "sending" ? null : `SM0123456789abcdef0123456789abcd${i}`,
      detail:
        status === "undelivered" ? "stat:UNDELIV err:034 NumeroInesistenteONonRaggiungibile" : null,
      code_hash: null,
      expires_at: null,
      attempts: 0,
      language: call ? "it" : null,
      created_at: t.clock.now() - i * 60_000,
      updated_at: t.clock.now(),
    });
  }

  const user = (u: SignInUser) => `/admin/users/${u.user.id}`;
  const paths = {
    tokenImport: "/admin/tokens/imports/0192f0c0-0000-7000-8000-000000000001",
    bulkOutcome: "/admin/users/bulk/outcomes/0192f0c0-0000-7000-8000-000000000002",
    dashboard: "/admin",
    campaigns: "/admin/campaigns",
    branding: "/admin/branding",
    bulkCreate: "/admin/users/bulk/create",
    bulkDelete: "/admin/users/bulk/delete",
    users: "/admin/users",
    userEnabled: user(enabled),
    userBlocked: user(blocked),
    userLockedOut: user(lockedOut),
    userFraud: user(fraud),
    signIns: "/admin/sign-ins",
    audit: "/admin/audit",
    riskyUsers: "/admin/risky-users",
    lockouts: "/admin/lockouts",
    tokens: "/admin/tokens",
    policy: "/admin/policy",
    phone: "/admin/phone",
    deleteUser: `${user(enabled)}/delete`,
    removeMethod: `${user(enabled)}/methods/${enabled.methodId}/remove`,
    revokeSessions: `${user(enabled)}/revoke-sessions`,
    domains: "/admin/domains",
    removeDomain: "/admin/domains/comune.example.it/remove",
    scimTokens: "/admin/scim-tokens",
    revokeScimToken: `/admin/scim-tokens/${scimToken.id}/revoke`,
    methods: "/admin/methods",
    phoneMessages: "/admin/phone/messages",
  };
  return {
    t,
    baseUrl: `http://127.0.0.1:${address.port}`,
    admin,
    users: { enabled, blocked, lockedOut, fraud },
    paths,
    async close() {
      await server.close();
      await t.close();
    },
  };
}

/** Signs the administrator in, in the browser, with password and code, in `lang`. */
export async function signInAsAdmin(
  page: Page,
  app: SeededAdminApp,
  lang: "en" | "it",
): Promise<void> {
  await page.goto(`${app.baseUrl}/sign-in?lang=${lang}`);
  await page.locator("#upn").fill(app.admin.upn);
  if ((await page.locator("#password").count()) === 0) {
    // The tenant has a domain: the page asks for the user name first and finds the tenant by it.
    await navigating(page, () => page.locator("main form button[type=submit]").first().click());
  }
  await page.locator("#password").fill(testPassword);
  await navigating(page, () => page.locator("main form button[type=submit]").first().click());
  nextStep(app.t);
  await page.locator("#code").fill(await codeNow(app.t, app.admin.secret));
  await navigating(page, () => page.locator("main form button[type=submit]").first().click());
  assert.equal(new URL(page.url()).pathname, "/security-info", "signed in");
}
