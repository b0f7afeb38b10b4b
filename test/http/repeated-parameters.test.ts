import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { errorCodes } from "../../src/errors/codes.ts";
import { buildServer } from "../../src/http/build-server.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { createSession } from "../../src/sessions/create-session.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Found by the fuzz test (test/security/malformed-requests.no-5xx.test.ts): `?q=a&q=b` made the
// admin users page read an array where it expects a string, and answer 500.

const csrf = "r".repeat(43);

describe("a query parameter or form field given twice answers 400 invalid_request", () => {
  let t: TestApp;
  let server: FastifyInstance;
  let cookie: string;
  before(async () => {
    t = await openTestApp("sqlite");
    server = await buildServer(t.ctx, { logLevel: "silent" });
    const admin = await createSignInUser(t, "anna.verdi@example.it");
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
    cookie = `varco_csrf=${csrf}; varco_session=${session.token}`;
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  test("on a page's query, as the error page", async () => {
    const once = await server.inject({
      url: "/admin/users?q=anna",
      headers: { accept: "text/html", cookie },
    });
    assert.equal(once.statusCode, 200);
    const twice = await server.inject({
      url: "/admin/users?q=anna&q=mario",
      headers: { accept: "text/html", cookie },
    });
    assert.equal(twice.statusCode, 400);
    assert.match(twice.body, new RegExp(errorCodes.invalid_request.en));
  });

  test("in a page's form, and in the API's query, as JSON", async () => {
    const form = await server.inject({
      method: "POST",
      url: "/admin/tokens/assign",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      payload: `_csrf=${csrf}&serial=1&serial=2&upn=anna.verdi%40example.it`,
    });
    assert.deepEqual(
      [form.statusCode, form.json().error.code, form.json().error.detail],
      [400, "invalid_request", "body.serial is given more than once"],
    );
    const api = await server.inject({ url: "/api/v1/me?lang=it&lang=en", headers: { cookie } });
    assert.deepEqual(
      [api.statusCode, api.json().error.detail],
      [400, "query.lang is given more than once"],
    );
  });
});
