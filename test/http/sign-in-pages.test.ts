import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { browserLike } from "../support/http-client.ts";
import { testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const html = { accept: "text/html" };
const formHeaders = { ...html, "content-type": "application/x-www-form-urlencoded" };

describe("sign-in pages of a tenant other than the default", () => {
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

  test("/sign-in?tenant=NAME signs in to that tenant; the same UPN elsewhere is another user", async () => {
    const school = await createTenant(t.ctx, testActor, {
      name: "school",
      displayName: "Scuola Media",
    });
    await createUser(t.ctx, testActor, school, { upn: "prof@school.it", password: testPassword });
    const browser = browserLike(server, html);
    const page = await browser.request({ url: "/sign-in?tenant=school" });
    assert.match(page.body, /Scuola Media/);
    assert.match(page.body, /<input type="hidden" name="tenant" value="school">/);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
    const post = (tenant: string) =>
      browser.request({
        method: "POST",
        url: "/sign-in",
        headers: formHeaders,
        payload: new URLSearchParams({
          _csrf: token,
          tenant,
          upn: "prof@school.it",
          password: testPassword,
        }).toString(),
      });
    const inSchool = await post("school");
    assert.deepEqual([inSchool.statusCode, inSchool.headers.location], [303, "/sign-in/register"]);
    const inDefault = await post("default");
    assert.equal(inDefault.statusCode, 401, "no such user in the default tenant");
    assert.equal((await browser.request({ url: "/sign-in?tenant=nowhere" })).statusCode, 404);
  });
});
