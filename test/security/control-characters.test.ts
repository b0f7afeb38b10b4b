import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance, InjectOptions } from "fastify";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { errorCodes } from "../../src/errors/codes.ts";
import { buildServer } from "../../src/http/build-server.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { createSession } from "../../src/sessions/create-session.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Issue "One sign-in machine … with one contract per route", "Bad input, everywhere": on
// PostgreSQL a NUL in a UPN gave 500 (PostgreSQL refuses U+0000 in text). DESIGN invariant 8:
// control characters are refused at the edge with a stable code, before any flow runs.

const csrf = "c".repeat(43);
const form = {
  accept: "text/html",
  "content-type": "application/x-www-form-urlencoded",
  cookie: `varco_csrf=${csrf}`,
};

describe("control characters are refused at the edge (PostgreSQL)", () => {
  let t: TestApp;
  let server: FastifyInstance;
  let apiKey: string;
  let user: SignInUser;
  const lines: string[] = [];
  before(async () => {
    t = await openTestApp("postgres");
    server = await buildServer(t.ctx, {
      logLevel: "info",
      logStream: { write: (line: string) => lines.push(line) > 0, flush: () => {} },
    });
    apiKey = (await createApiKey(t.ctx, testActor, t.tenant, { name: "vpn" })).key;
    user = await createSignInUser(t, "mario.rossi@example.it");
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  const signInsNow = async () => (await listSignIns(t.ctx.store.db, t.tenant.id, 1000)).length;
  const refusedJson = async (options: InjectOptions, where: string) => {
    const response = await server.inject(options);
    assert.equal(response.statusCode, 400, response.body);
    assert.deepEqual(response.json().error, {
      code: "invalid_characters",
      message: errorCodes.invalid_characters.en,
      detail: `a control character or an unpaired surrogate in ${where}`,
    });
  };

  test("a NUL in the UPN at the sign-in page answers 400 with the error page, not 500", async () => {
    const before = await signInsNow();
    const response = await server.inject({
      method: "POST",
      url: "/sign-in",
      headers: form,
      payload: new URLSearchParams({
        _csrf: csrf,
        upn: "mario.rossi\u0000@example.it",
        password: testPassword,
      }).toString(),
    });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers["content-type"]), /^text\/html/);
    assert.match(response.body, /^<!doctype html>\n/);
    assert.match(response.body, new RegExp(errorCodes.invalid_characters.en));
    // Refused before any flow runs, like malformed JSON: the request log has it, the sign-in
    // log does not.
    assert.equal(await signInsNow(), before);
    assert.ok(lines.some((line) => /"route":"\/sign-in","status":400/.test(line)));
  });

  test("a NUL in the UPN at the sign-in JSON API answers 400 invalid_characters", async () => {
    await refusedJson(
      {
        method: "POST",
        url: "/api/v1/sign-in",
        payload: { upn: "mario.rossi\u0000@example.it", password: testPassword },
      },
      "body.upn",
    );
  });

  test("a NUL in the UPN at validate answers 400 invalid_characters; a clean UPN still validates", async () => {
    await refusedJson(
      {
        method: "POST",
        url: "/api/v1/validate",
        headers: { authorization: `Bearer ${apiKey}` },
        payload: { upn: "mario.rossi\u0000@example.it", code: "123456" },
      },
      "body.upn",
    );
    const clean = await server.inject({
      method: "POST",
      url: "/api/v1/validate",
      headers: { authorization: `Bearer ${apiKey}` },
      payload: { upn: user.upn, code: "000000" },
    });
    assert.deepEqual([clean.statusCode, clean.json()], [200, { result: "reject" }]);
  });

  test("every decoded input is checked: query, path, nested body, keys, headers, Varco's cookies", async () => {
    await refusedJson({ url: "/sign-in?tenant=school%00" }, "query.tenant");
    await refusedJson({ url: "/security-info/methods/%01x/qr" }, "params.id");
    await refusedJson(
      {
        method: "POST",
        url: "/api/v1/validate",
        headers: { authorization: `Bearer ${apiKey}` },
        payload: { upn: user.upn, code: "1\u001b[2J" },
      },
      "body.code",
    );
    await refusedJson(
      {
        method: "POST",
        url: "/api/v1/sign-in",
        payload: { upn: user.upn, password: testPassword, "ten\u0000ant": "x" },
      },
      "body",
    );
    await refusedJson(
      {
        method: "POST",
        url: "/api/v1/sign-in",
        payload: { upn: user.upn, password: testPassword, tenant: ["a", { b: "\u0085" }] },
      },
      "body.tenant.1.b",
    );
    await refusedJson(
      { url: "/api/v1/me", headers: { cookie: "varco_session=abc%00def" } },
      "the cookie varco_session",
    );
    await refusedJson(
      {
        method: "POST",
        url: "/api/v1/sign-in",
        headers: { "user-agent": "curl\u0000/8" },
        payload: { upn: user.upn, password: testPassword },
      },
      "the header user-agent",
    );
    // Cookies that are not Varco's are not read, so they are not refused.
    const other = await server.inject({ url: "/healthz", headers: { cookie: "other=%00" } });
    assert.equal(other.statusCode, 200);
  });

  test("half of a surrogate pair is refused; accents, emoji and other scripts pass", async () => {
    await refusedJson(
      {
        method: "POST",
        url: "/api/v1/validate",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        payload: `{"upn":"mario\\ud800@example.it","code":"123456"}`,
      },
      "body.upn",
    );
    const fine = await server.inject({
      method: "POST",
      url: "/api/v1/validate",
      headers: { authorization: `Bearer ${apiKey}` },
      payload: { upn: "mário.rößi😀名@example.it", code: "123456" },
    });
    assert.deepEqual([fine.statusCode, fine.json()], [200, { result: "reject" }]);
  });

  /** The cookies of an administrator signed in with a second factor, and the CSRF cookie. */
  const adminCookie = async () => {
    const admin = await createSignInUser(t, `admin.${t.clock.now()}@example.it`);
    await assignRole(t.ctx, testActor, admin.user, "globalAdministrator");
    const tenant = await findTenant(t.ctx);
    const session = await createSession(t.ctx, t.ctx.store.db, {
      tenantId: tenant.id,
      userId: admin.user.id,
      policy: tenant.policy,
      firstFactor: "password",
      mfa: "code",
      secondFactorAt: t.clock.now(),
      secondFactorKind: "softwareOath",
      client: { ip: "127.0.0.1", userAgent: null },
    });
    return `varco_csrf=${csrf}; varco_session=${session.token}`;
  };

  test("tabs and line ends pass in the policy page's two lists, and nowhere else", async () => {
    const tenant = await findTenant(t.ctx);
    const cookie = await adminCookie();
    // The form as the page shows it: its number fields, and the two choices.
    const page = await server.inject({ url: "/admin/policy", headers: { ...form, cookie } });
    const numbers = [
      ...page.body.matchAll(/<input type="number" id="\w+" name="(\w+)" value="(\d*)"/g),
    ];
    assert.ok(numbers.length >= 10, "the policy page shows its number fields");
    const post = (fields: Record<string, string>) =>
      server.inject({
        method: "POST",
        url: "/admin/policy",
        headers: { ...form, cookie },
        payload: new URLSearchParams({
          ...Object.fromEntries(numbers.map(([, name, value]) => [name, value])),
          mfaRequiredFor: tenant.policy.mfaRequiredFor,
          highRiskAction: tenant.policy.highRiskAction,
          _csrf: csrf,
          ...fields,
        }).toString(),
      });
    const saved = await post({
      trustedIpRanges: "192.0.2.0/24\r\n\t198.51.100.0/24\r\n",
      fraudNotificationEmails: "security@example.it\r\nhelpdesk@example.it",
    });
    assert.equal(saved.statusCode, 303, saved.body);
    const policy = (await findTenant(t.ctx)).policy;
    assert.deepEqual(policy.trustedIpRanges, ["192.0.2.0/24", "198.51.100.0/24"]);
    assert.deepEqual(policy.fraudNotificationEmails, [
      "security@example.it",
      "helpdesk@example.it",
    ]);
    const oneLine = await post({ helpdeskContact: "call\r\n555 0100" });
    assert.equal(oneLine.statusCode, 400);
    assert.match(oneLine.body, new RegExp(errorCodes.invalid_characters.en));
    const nul = await post({ trustedIpRanges: "192.0.2.0/24\u0000" });
    assert.equal(nul.statusCode, 400);
  });

  test("a token file is not refused at the edge; a NUL in a refused row is kept on PostgreSQL as U+FFFD", async () => {
    const cookie = await adminCookie();
    const boundary = "varco-upload";
    const csv =
      "upn,serial number,secret key,time interval,manufacturer,model\r\n" +
      ",S1,JBSWY3DPEHPK3PXP,30,Con\u0000toso,Key\r\n";
    const upload = await server.inject({
      method: "POST",
      url: "/admin/tokens/import",
      headers: {
        accept: "text/html",
        "content-type": `multipart/form-data; boundary=${boundary}`,
        cookie,
      },
      payload:
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.csv"\r\n` +
        `Content-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
    });
    assert.equal(upload.statusCode, 303, upload.body);
    const errors = await server.inject({
      url: `${upload.headers.location}/errors.csv`,
      headers: { accept: "text/html", cookie },
    });
    assert.equal(errors.statusCode, 200);
    assert.match(errors.body, /Con\ufffdtoso,Key,manufacturer contains a control character/);
  });
});
