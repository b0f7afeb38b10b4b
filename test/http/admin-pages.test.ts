import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import { createGroup } from "../../src/directory/create-group.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { upnKey } from "../../src/directory/upn.ts";
import { maxTokenFileBytes } from "../../src/http/read-upload.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { rememberDevice } from "../../src/remembered-devices/remember-device.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { findTokenBySerial } from "../../src/store/queries/hardware-tokens.ts";
import { findTemporaryAccessPass } from "../../src/store/queries/temporary-access-passes.ts";
import { findImportOutcome } from "../../src/store/queries/token-import-outcomes.ts";
import { findUserById, findUserCredentials } from "../../src/store/queries/users.ts";
import { browserLike } from "../support/http-client.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { csrfOf, formHeaders, html, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

describe("admin pages", () => {
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

  const signedIn = (u: SignInUser) => signInToPages(t, server, u);
  const admin = async (upn: string, role: Role) => {
    const u = await createSignInUser(t, upn);
    await assignRole(t.ctx, testActor, u.user, role);
    return u;
  };

  test("a user without a role gets 403; an administrator who skipped MFA proves a second factor first", async () => {
    const plain = await signedIn(await createSignInUser(t, "plain.page@example.it"));
    const refused = await plain.get("/admin/users");
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /Your roles do not allow this/);

    const helper = await admin("trusted.helpdesk@example.it", "helpdeskAdministrator");
    await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
      trustedIpRanges: ["127.0.0.0/8"],
    });
    try {
      const fromTrustedRange = await signedIn(helper);
      const weak = await fromTrustedRange.get("/admin/users?q=trusted");
      assert.deepEqual(
        [weak.statusCode, weak.headers.location],
        [303, "/reauth?returnTo=%2Fadmin%2Fusers%3Fq%3Dtrusted"],
      );
      const asked = await fromTrustedRange.get(weak.headers.location as string);
      assert.match(asked.body, /name="code"/, "a code, not the password");
      assert.doesNotMatch(asked.body, /name="password"/);
      const wrongPassword = await fromTrustedRange.post("/reauth", {
        returnTo: "/admin/users",
        password: testPassword,
      });
      assert.equal(wrongPassword.statusCode, 400, "the password does not count here");
      t.clock.advance(30_000);
      const proven = await fromTrustedRange.post("/reauth", {
        returnTo: "/admin/users?q=trusted",
        methodId: helper.methodId,
        code: await oathtoolTotp(helper.secret, { timeMs: t.clock.now() }),
      });
      assert.deepEqual(
        [proven.statusCode, proven.headers.location],
        [303, "/admin/users?q=trusted"],
      );
      assert.equal((await fromTrustedRange.get("/admin/users")).statusCode, 200);
      // An hour later (the tenant's recent-authentication window), the proof is old.
      t.clock.advance(61 * 60_000);
      const old = await fromTrustedRange.get("/admin/users");
      assert.equal(old.statusCode, 303);
    } finally {
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), { trustedIpRanges: [] });
    }
    assert.equal(
      (await browserLike(server, html).request({ url: "/admin/users" })).headers.location,
      "/sign-in",
    );
  });

  test("the helpdesk finds a user and issues a TAP with the ticket; blocking and administrators are beyond it", async () => {
    const helpdesk = await signedIn(
      await admin("page.helpdesk@example.it", "helpdeskAdministrator"),
    );
    const user = await createSignInUser(t, "page.user@example.it");
    const otherAdmin = await admin("page.reader@example.it", "securityReader");

    const list = await helpdesk.get("/admin/users?q=page.us");
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /page\.user@example\.it/);
    assert.doesNotMatch(list.body, /page\.reader@example\.it/, "only users whose name starts so");
    const detail = await helpdesk.get(`/admin/users/${user.user.id}`);
    assert.match(detail.body, /Issue a Temporary Access Pass/);
    assert.doesNotMatch(detail.body, /Block sign-in/, "the helpdesk cannot block");

    const issued = await helpdesk.post(`/admin/users/${user.user.id}/tap`, {
      lifetimeMinutes: "120",
      once: "on",
      ticket: "HD-77",
    });
    assert.equal(issued.statusCode, 200);
    assert.equal(issued.headers["cache-control"], "no-store");
    const pass = /<code id="tap-value"[^>]*>([^<]+)<\/code>/.exec(issued.body)?.[1] ?? "";
    assert.match(pass, /^[34679ACDEFGHJKLMNPQRTUVWXY]{10}$/);
    const stored = await findTemporaryAccessPass(t.ctx.store.db, user.user.id);
    assert.deepEqual(
      [stored?.usableOnce, (stored?.expiresAt ?? 0) - (stored?.startAt ?? 0)],
      [true, 120 * 60_000],
    );
    const [entry] = (await listAudit(t.ctx.store.db, t.tenant.id, 20)).filter(
      (a) => a.action === "Create temporary access pass",
    );
    assert.deepEqual(
      [entry?.actor_type, entry?.actor_name, JSON.parse(entry?.details_json ?? "{}").ticket],
      ["admin", "page.helpdesk@example.it", "HD-77"],
    );
    const again = await helpdesk.post(`/admin/users/${user.user.id}/tap`, {
      lifetimeMinutes: "120",
    });
    assert.equal(
      again.headers.location,
      `/admin/users/${user.user.id}?error=temporary_access_pass_exists`,
    );

    const block = await helpdesk.post(`/admin/users/${user.user.id}/block`, { reason: "x" });
    assert.equal(block.statusCode, 403);
    assert.equal((await findUserById(t.ctx.store.db, user.user.id))?.blocked, false);
    const onAdmin = await helpdesk.post(`/admin/users/${otherAdmin.user.id}/tap`, {
      lifetimeMinutes: "60",
    });
    assert.equal(onAdmin.statusCode, 403, "an administrator's TAP is for privileged roles");
    assert.equal(await findTemporaryAccessPass(t.ctx.store.db, otherAdmin.user.id), undefined);
  });

  test("reset password: the API's role rule, a refused password changes nothing, the ended sessions are counted", async () => {
    const helpdesk = await signedIn(
      await admin("page.resetter@example.it", "helpdeskAdministrator"),
    );
    const reader = await signedIn(await admin("page.reset.reader@example.it", "securityReader"));
    const otherAdmin = await admin("page.reset.admin@example.it", "authenticationAdministrator");
    const user = await createSignInUser(t, "page.reset.user@example.it");
    const own = await signedIn(user);
    assert.equal((await own.get("/security-info")).statusCode, 200, "the user is signed in");
    const page = `/admin/users/${user.user.id}`;
    const hashOf = async (u: SignInUser) =>
      (await findUserCredentials(t.ctx.store.db, t.tenant.id, upnKey(u.upn)))?.passwordHash;
    const before = await hashOf(user);
    const otherBefore = await hashOf(otherAdmin);

    assert.match((await helpdesk.get(page)).body, /Reset password/);
    assert.doesNotMatch((await reader.get(page)).body, /Reset password/, "not for a reader");
    const byReader = await reader.post(`${page}/password`, { newPassword: "lampada viola 7" });
    assert.equal(byReader.statusCode, 403);
    const onAdmin = await helpdesk.post(`/admin/users/${otherAdmin.user.id}/password`, {
      newPassword: "lampada viola 7",
    });
    assert.equal(onAdmin.statusCode, 403, "an administrator's password is for privileged roles");
    assert.equal(await hashOf(otherAdmin), otherBefore);

    for (const [newPassword, code] of [
      ["password123", "password_too_guessable"],
      ["short", "invalid_password"],
    ] as const) {
      const refused = await helpdesk.post(`${page}/password`, { newPassword, forceChange: "on" });
      assert.equal(refused.headers.location, `${page}?error=${code}`);
      const shown = await helpdesk.get(refused.headers.location as string);
      assert.match(shown.body, /id="reset-password-error" role="alert"/);
      assert.match(shown.body, /aria-invalid="true"/);
    }
    assert.equal(await hashOf(user), before, "a refused password changes nothing");
    assert.equal((await own.get("/security-info")).statusCode, 200, "nor ends the session");
    assert.equal((await findUserById(t.ctx.store.db, user.user.id))?.passwordChangeForcedAt, null);

    const done = await helpdesk.post(`${page}/password`, {
      newPassword: "lampada viola 7",
      forceChange: "on",
      ticket: "HD-90",
    });
    assert.equal(done.headers.location, `${page}?sessions=1&devices=0&notice=password_reset`);
    const after = await helpdesk.get(done.headers.location as string);
    assert.match(
      after.body,
      /The password has been reset\. Sessions ended: 1\. Remembered devices forgotten: 0\./,
    );
    assert.match(after.body, /Password change<\/dt><dd>Required at the next sign-in/);
    assert.notEqual(await hashOf(user), before);
    assert.notEqual((await own.get("/security-info")).statusCode, 200, "the session ended");
    const [entry] = (await listAudit(t.ctx.store.db, t.tenant.id, 20)).filter(
      (a) => a.action === "Reset user password",
    );
    assert.deepEqual(
      [entry?.actor_name, JSON.parse(entry?.details_json ?? "{}")],
      [
        "page.resetter@example.it",
        {
          upn: user.upn,
          sessionsRevoked: 1,
          rememberedDevicesRevoked: 0,
          signInsEnded: 0,
          forceChangePasswordNextSignIn: true,
          ticket: "HD-90",
        },
      ],
    );

    const unforced = await helpdesk.post(`${page}/password`, { newPassword: "lampada viola 8" });
    assert.equal(unforced.headers.location, `${page}?sessions=0&devices=0&notice=password_reset`);
    assert.equal((await findUserById(t.ctx.store.db, user.user.id))?.passwordChangeForcedAt, null);
  });

  test("lockouts: listed for the helpdesk, unlocked from the user's page; the header links role holders to the admin pages", async () => {
    const { key } = await createApiKey(t.ctx, testActor, t.tenant, { name: "mail" });
    const user = await createSignInUser(t, "page.locked@example.it");
    for (let i = 0; i < 10; i++) {
      await server.inject({
        method: "POST",
        url: "/api/v1/validate",
        headers: { authorization: `Bearer ${key}` },
        payload: { upn: user.upn, code: "000000" },
      });
    }
    const helpdesk = await signedIn(
      await admin("page.unlocker@example.it", "helpdeskAdministrator"),
    );
    const list = await helpdesk.get("/admin/lockouts");
    assert.equal(list.statusCode, 200);
    // The page may wrap a name after "@" and dots (<wbr>), never inside a word.
    assert.match(
      list.body.replaceAll("<wbr>", ""),
      new RegExp(`href="/admin/users/${user.user.id}">page\\.locked@example\\.it<`),
    );
    const detail = await helpdesk.get(`/admin/users/${user.user.id}`);
    assert.match(detail.body, /Locked out until/);

    const unlocked = await helpdesk.post(`/admin/users/${user.user.id}/unlock`);
    assert.equal(unlocked.headers.location, `/admin/users/${user.user.id}?notice=user_unlocked`);
    const after = await helpdesk.get(`/admin/users/${user.user.id}?notice=user_unlocked`);
    assert.match(after.body, /The lockout has ended/);
    assert.match(after.body, /Not locked out/);
    assert.match((await helpdesk.get("/admin/lockouts")).body, /No user is locked out/);
    const again = await helpdesk.post(`/admin/users/${user.user.id}/unlock`);
    assert.equal(again.headers.location, `/admin/users/${user.user.id}?error=invalid_request`);

    assert.match(
      (await helpdesk.get("/security-info")).body,
      /href="\/admin\/users">Administration</,
    );
    const plain = await signedIn(user);
    assert.doesNotMatch((await plain.get("/security-info")).body, /Administration/);
  });

  test("a forged form (no CSRF token) changes nothing", async () => {
    const helpdesk = await signedIn(
      await admin("csrf.helpdesk@example.it", "helpdeskAdministrator"),
    );
    const user = await createSignInUser(t, "csrf.target@example.it");
    const forged = await helpdesk.browser.request({
      method: "POST",
      url: `/admin/users/${user.user.id}/tap`,
      headers: formHeaders,
      payload: "lifetimeMinutes=60",
    });
    assert.equal(forged.statusCode, 403);
    assert.equal(await findTemporaryAccessPass(t.ctx.store.db, user.user.id), undefined);
  });

  test("a global administrator blocks with a reason, ends sessions, and reads the audit log", async () => {
    const global = await signedIn(await admin("page.global@example.it", "globalAdministrator"));
    const user = await createSignInUser(t, "page.blocked@example.it");
    const blocked = await global.post(`/admin/users/${user.user.id}/block`, {
      reason: "phone stolen",
    });
    assert.equal(blocked.headers.location, `/admin/users/${user.user.id}?notice=user_blocked`);
    assert.equal((await findUserById(t.ctx.store.db, user.user.id))?.blockedReason, "phone stolen");
    await rememberDevice(t.ctx, t.ctx.store.db, {
      tenantId: t.tenant.id,
      userId: user.user.id,
      days: 30,
      client: { ip: "192.0.2.7", userAgent: "Firefox" },
    });
    const page = `/admin/users/${user.user.id}`;
    assert.match((await global.get(page)).body, /Remembered devices, which skip the code: 1\./);
    const revoked = await global.post(`/admin/users/${user.user.id}/revoke-sessions`);
    assert.equal(revoked.headers.location, `/admin/users/${user.user.id}?notice=sessions_revoked`);
    assert.match((await global.get(page)).body, /Remembered devices, which skip the code: 0\./);
    const audit = await global.get(`/admin/audit?action=${encodeURIComponent("Block user")}`);
    assert.match(audit.body, /<option value="Block user" selected>User blocked<\/option>/);
    assert.match(audit.body, /<td data-label="Activity">User blocked<\/td>/);
    assert.match(audit.body.replaceAll("<wbr>", ""), /page\.blocked@example\.it/);
    assert.doesNotMatch(audit.body, /<td[^>]*>Signed out everywhere</, "filtered by activity");
  });

  test("the policy page: saved by the policy administrator, a bad value refused with its reason, read-only for a reader", async () => {
    const policyAdmin = await signedIn(
      await admin("page.policy@example.it", "authenticationPolicyAdministrator"),
    );
    const form = await policyAdmin.get("/admin/policy");
    assert.equal(form.statusCode, 200);
    const fields = Object.fromEntries(
      [
        ...form.body.matchAll(/<input type="number" id="([^"]+)" name="[^"]+" value="([^"]*)"/g),
      ].map((m) => [m[1], m[2]]),
    ) as Record<string, string>;
    assert.equal(fields.lockoutThreshold, "10");
    const base = {
      ...fields,
      mfaRequiredFor: "all",
      mfaGroupId: "",
      highRiskAction: "block",
      reportSuspiciousActivity: "on",
      fraudNotificationEmails: "",
    };
    const saved = await policyAdmin.post("/admin/policy", {
      ...base,
      lockoutThreshold: "7",
      passwordAttemptsPerAddress: "2500",
      helpdeskContact: "Segreteria, stanza 4",
      trustedIpRanges: "192.0.2.0/24\n2001:db8::/32",
    });
    assert.equal(saved.headers.location, "/admin/policy?notice=policy_saved");
    const policy = (await findTenant(t.ctx)).policy;
    assert.deepEqual(
      [
        policy.lockoutThreshold,
        policy.passwordAttemptsPerAddress,
        policy.helpdeskContact,
        policy.trustedIpRanges,
      ],
      [7, 2500, "Segreteria, stanza 4", ["192.0.2.0/24", "2001:db8::/32"]],
    );

    const refused = await policyAdmin.post("/admin/policy", {
      ...base,
      lockoutThreshold: "7",
      trustedIpRanges: "10.0.0.0/33",
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /10\.0\.0\.0\/33/, "the form keeps what was typed");
    assert.match(refused.body, /role="alert"/);
    assert.deepEqual(
      (await findTenant(t.ctx)).policy.trustedIpRanges,
      ["192.0.2.0/24", "2001:db8::/32"],
      "nothing changed",
    );
    assert.match(form.body, /id="timeZone" name="timeZone" value="Europe\/Rome"/);
    const zoned = await policyAdmin.post("/admin/policy", { ...base, timeZone: "Asia/Tokyo" });
    assert.equal(zoned.headers.location, "/admin/policy?notice=policy_saved");
    assert.equal((await findTenant(t.ctx)).policy.timeZone, "Asia/Tokyo");
    const badZone = await policyAdmin.post("/admin/policy", { ...base, timeZone: "Mars/Olympus" });
    assert.equal(badZone.statusCode, 400);
    assert.match(badZone.body, /timeZone: &#39;Mars\/Olympus&#39; is not an IANA time zone/);
    assert.equal((await findTenant(t.ctx)).policy.timeZone, "Asia/Tokyo", "nothing changed");
    // Phishing-resistant MFA: for administrators, and for the groups ticked.
    const group = await createGroup(t.ctx, testActor, await findTenant(t.ctx), "Dirigenti");
    const withGroups = await policyAdmin.get("/admin/policy?lang=en");
    assert.match(withGroups.body, /<legend>Phishing-resistant MFA<\/legend>/);
    assert.match(
      withGroups.body,
      new RegExp(`name="phishingResistantGroup:${group.id}" value="on">`),
      "not ticked",
    );
    const strict = await policyAdmin.post("/admin/policy", {
      ...base,
      [`phishingResistantGroup:${group.id}`]: "on",
    });
    assert.equal(strict.headers.location, "/admin/policy?notice=policy_saved");
    assert.deepEqual((await findTenant(t.ctx)).policy.phishingResistantGroupIds, [group.id]);
    assert.match(
      (await policyAdmin.get("/admin/policy")).body,
      new RegExp(`name="phishingResistantGroup:${group.id}" value="on" checked>`),
    );
    const gone = await policyAdmin.post("/admin/policy", {
      ...base,
      "phishingResistantGroup:0b7e1c2a-0000-4000-8000-000000000000": "on",
    });
    assert.equal(gone.statusCode, 400);
    assert.match(gone.body, /One of the groups chosen does not exist/);
    assert.deepEqual((await findTenant(t.ctx)).policy.phishingResistantGroupIds, [group.id]);
    // For administrators too: saved, and from then on this session, proven with a code, is sent
    // to prove a passkey before any admin page.
    const forAdmins = await policyAdmin.post("/admin/policy", {
      ...base,
      phishingResistantForAdministrators: "on",
      [`phishingResistantGroup:${group.id}`]: "on",
    });
    assert.equal(forAdmins.headers.location, "/admin/policy?notice=policy_saved");
    assert.equal((await findTenant(t.ctx)).policy.phishingResistantForAdministrators, true);
    assert.equal(
      (await policyAdmin.get("/admin/policy")).headers.location,
      "/reauth?passkey=required&returnTo=%2Fadmin%2Fpolicy",
    );
    await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
      phishingResistantForAdministrators: false,
      phishingResistantGroupIds: [],
      timeZone: "Europe/Rome",
      trustedIpRanges: [],
      lockoutThreshold: 10,
      passwordAttemptsPerAddress: 100,
      helpdeskContact: "",
    });

    const reader = await signedIn(await admin("page.policyreader@example.it", "securityReader"));
    const readOnly = await reader.get("/admin/policy");
    assert.equal(readOnly.statusCode, 200);
    assert.doesNotMatch(readOnly.body, /action="\/admin\/policy"/, "no form to send");
    assert.equal((await reader.post("/admin/policy", base)).statusCode, 403);
    const helpdesk = await signedIn(
      await admin("page.policyhelpdesk@example.it", "helpdeskAdministrator"),
    );
    assert.equal((await helpdesk.get("/admin/policy")).statusCode, 403);
  });

  test("the sign-in log page filters by user and result; risky users for those who read risk", async () => {
    const reader = await signedIn(await admin("page.logreader@example.it", "securityReader"));
    const log = await reader.get(`/admin/sign-ins?upn=page.logreader&result=success`);
    assert.equal(log.statusCode, 200);
    assert.match(log.body.replaceAll("<wbr>", ""), /page\.logreader@example\.it/);
    assert.doesNotMatch(log.body.replaceAll("<wbr>", ""), /page\.global@example\.it/);
    assert.equal((await reader.get("/admin/risky-users")).statusCode, 200);
    const helpdesk = await signedIn(
      await admin("page.riskhelpdesk@example.it", "helpdeskAdministrator"),
    );
    assert.equal((await helpdesk.get("/admin/risky-users")).statusCode, 403);
  });

  test("hardware tokens: a multipart upload streams in, refused rows wait for their owner as CSV; a forged upload is refused", async () => {
    const globalUser = await admin("page.tokens@example.it", "globalAdministrator");
    const global = await signedIn(globalUser);
    const tokensPage = await global.get("/admin/tokens");
    const token = csrfOf(tokensPage.body);
    const key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const csv = [
      "upn,serial number,secret key,time interval,manufacturer,model",
      `,PAGE-1,${key},30,Contoso,K`,
      `ghost@example.it,PAGE-2,${key},30,Contoso,K`,
    ].join("\n");
    const boundary = "----varco-test-boundary";
    const multipart = (fields: Record<string, string>) =>
      [
        ...Object.entries(fields).map(
          ([name, value]) =>
            `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
        ),
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="tokens.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
      ].join("");
    const upload = (fields: Record<string, string>) =>
      global.browser.request({
        method: "POST",
        url: "/admin/tokens/import",
        headers: { ...html, "content-type": `multipart/form-data; boundary=${boundary}` },
        payload: multipart(fields),
      });
    const forged = await upload({ format: "seed" });
    assert.equal(forged.statusCode, 403);
    assert.equal(
      await findTokenBySerial(t.ctx.store.db, t.tenant.id, "PAGE-1"),
      undefined,
      "nothing imported",
    );

    const done = await upload({ _csrf: token, format: "seed" });
    assert.equal(done.statusCode, 303);
    const result = await global.get(done.headers.location as string);
    assert.match(result.body, /Imported: 1 \(assigned: 0\)\. Refused: 1\./);
    assert.match(result.body, /no user ghost@example\.it/);
    const errors = await global.get(`${done.headers.location}/errors.csv`);
    assert.equal(errors.headers["content-type"], "text/csv; charset=utf-8");
    assert.match(errors.body, /^line,upn,serial number/);
    assert.ok(!errors.body.includes(key), "no key in the error CSV");
    const someoneElse = await signedIn(
      await admin("page.tokens2@example.it", "globalAdministrator"),
    );
    assert.equal(
      (await someoneElse.get(`${done.headers.location}/errors.csv`)).statusCode,
      404,
      "only for who uploaded",
    );
    assert.equal(
      (await findTokenBySerial(t.ctx.store.db, t.tenant.id, "PAGE-1"))?.status,
      "available",
    );

    // Kept in the database, so another instance behind the same load balancer shows it too.
    const id = String(done.headers.location).split("/").at(-1) ?? "";
    assert.equal((await findImportOutcome(t.ctx.store.db, id))?.owner_id, globalUser.user.id);
    // Uploaded from an Italian page, the reasons are in Italian, on the page and in the CSV.
    const italian = await global.browser.request({
      method: "POST",
      url: "/admin/tokens/import",
      headers: {
        ...html,
        "accept-language": "it",
        "content-type": `multipart/form-data; boundary=${boundary}`,
      },
      payload: multipart({ _csrf: token, format: "seed" }).replace("PAGE-1", "PAGE-3"),
    });
    const inItalian = await global.browser.request({
      url: italian.headers.location as string,
      headers: { "accept-language": "it" },
    });
    assert.match(inItalian.body, /nessun utente ghost@example\.it in questo tenant/);
    const italianCsv = await global.get(`${italian.headers.location}/errors.csv`);
    assert.match(italianCsv.body, /nessun utente ghost@example\.it in questo tenant/);

    t.clock.advance(60 * 60_000);
    const later = await (await signedIn(globalUser)).get(`${done.headers.location}/errors.csv`);
    assert.equal(later.statusCode, 404, "kept for an hour");
  });

  test("hardware tokens: an upload declaring more than the limit answers 413, one without a length 411, before a row is read: nothing imported", async () => {
    const global = await signedIn(await admin("page.limits@example.it", "globalAdministrator"));
    const token = csrfOf((await global.get("/admin/tokens")).body);
    const boundary = "----varco-test-boundary";
    const multipart = (serial: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="tokens.csv"\r\nContent-Type: text/csv\r\n\r\n` +
      `upn,serial number,secret key,time interval,manufacturer,model\n,${serial},JBSWY3DPEHPK3PXP,30,C,K\n\r\n--${boundary}--\r\n`;
    const upload = (headers: Record<string, string>, payload: string | Readable) =>
      global.browser.request({
        method: "POST",
        url: "/admin/tokens/import",
        headers: {
          ...html,
          "content-type": `multipart/form-data; boundary=${boundary}`,
          ...headers,
        },
        payload,
      });

    const tooLarge = await upload(
      { "content-length": String(maxTokenFileBytes + 64 * 1024 + 1) },
      multipart("PAGE-LARGE-1"),
    );
    assert.equal(tooLarge.statusCode, 413);
    assert.equal(await findTokenBySerial(t.ctx.store.db, t.tenant.id, "PAGE-LARGE-1"), undefined);

    const chunked = await upload({}, Readable.from([multipart("PAGE-CHUNKED-1")]));
    assert.equal(chunked.statusCode, 411);
    assert.equal(await findTokenBySerial(t.ctx.store.db, t.tenant.id, "PAGE-CHUNKED-1"), undefined);

    const fits = await upload({}, multipart("PAGE-FITS-1"));
    assert.equal(fits.statusCode, 303, "the same upload with its length is imported");
    assert.equal(
      (await findTokenBySerial(t.ctx.store.db, t.tenant.id, "PAGE-FITS-1"))?.status,
      "available",
    );
  });
});
