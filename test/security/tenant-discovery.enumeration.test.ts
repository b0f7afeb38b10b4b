import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { setTenantBranding } from "../../src/branding/set-tenant-branding.ts";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { addTenantDomain } from "../../src/directory/domains/add-tenant-domain.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { pngImage } from "../support/images.ts";
import { testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// DESIGN invariant 4 for home realm discovery: a domain no tenant has takes the path of an
// unknown user (the default tenant, whose password check refuses it), so typing a UPN tells
// nobody whether a domain, or a user in it, exists. The one thing the password page shows by
// design is the name of the tenant the domain belongs to, as Entra's sign-in shows its branding.
// Its logo and accent colour are not shown there: only where the URL names the tenant, or once
// the password is proven. The school here has both, and its pages must still differ in nothing more.
const html = { accept: "text/html" };
const formHeaders = { ...html, "content-type": "application/x-www-form-urlencoded" };
const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? "";

const unknownDomain = "giulia.bianchi@nowhere-school.it";
const unknownUserOfKnownDomain = "giulia.bianchi@school.it";

type Answer = { status: number; headers: Record<string, unknown>; body: string };

/** The answer with what may differ (the UPN, the date, the request id, `replace`) made equal. */
function normalised(answer: Answer, upn: string, replace: [string, string][] = []): Answer {
  const swap = (text: string) => {
    let out = text.replaceAll(upn, "UPN").replaceAll(encodeURIComponent(upn), "UPN");
    for (const [from, to] of replace) out = out.replaceAll(from, to);
    return out;
  };
  const headers = Object.fromEntries(
    Object.entries(answer.headers)
      .filter(([name]) => !["date", "content-length", "x-request-id"].includes(name))
      .map(([name, value]) => [name, typeof value === "string" ? swap(value) : value]),
  );
  return { status: answer.status, headers, body: swap(answer.body) };
}

for (const kind of databaseKinds) {
  describe(`tenant discovery tells no domain apart, on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      const school = await createTenant(t.ctx, testActor, {
        name: "school",
        displayName: "Scuola",
      });
      await addTenantDomain(t.ctx, testActor, school, "school.it");
      await setTenantBranding(t.ctx, testActor, school, {
        accentColour: "#7a1f5c",
        logo: pngImage(64, 32, [122, 31, 92]),
      });
      await createUser(t.ctx, testActor, school, {
        upn: "mario.rossi@school.it",
        password: testPassword,
      });
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    /** A fresh browser's answers to the user name alone, then to a password for it. */
    async function attempt(upn: string) {
      const browser = browserLike(server, html);
      const first = await browser.request({ url: "/sign-in" });
      // One CSRF token for both browsers, so the pages differ in nothing else.
      const token = csrfOf(first.body);
      const send = (fields: Record<string, string>) =>
        browser.request({
          method: "POST",
          url: "/sign-in",
          headers: formHeaders,
          payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
        });
      const named = await send({ upn });
      const passwordPage = await browser.request({ url: named.headers.location as string });
      const refused = await send({ upn, password: testPassword });
      const api = await browserLike(server).json("POST", "/api/v1/sign-in", {
        upn,
        password: testPassword,
      });
      const answer = (r: typeof named): Answer => ({
        status: r.statusCode,
        headers: r.headers,
        body: r.body.replaceAll(token, "TOKEN"),
      });
      return {
        named: answer(named),
        passwordPage: answer(passwordPage),
        refused: answer(refused),
        api: answer(api),
      };
    }

    test("an unknown domain and an unknown user of a known domain get the same answers", async () => {
      const outside = await attempt(unknownDomain);
      const inside = await attempt(unknownUserOfKnownDomain);
      assert.equal(outside.named.status, 303);
      assert.deepEqual(
        normalised(outside.named, unknownDomain),
        normalised(inside.named, unknownUserOfKnownDomain),
        "the user name alone: the same redirect, the same headers",
      );
      assert.equal(outside.api.status, 401);
      assert.deepEqual(
        normalised(outside.api, unknownDomain),
        normalised(inside.api, unknownUserOfKnownDomain),
        "the JSON sign-in: the same refusal",
      );
      // The pages are the same: no tenant name, logo or colour tells a known domain apart.
      for (const step of ["passwordPage", "refused"] as const) {
        assert.deepEqual(
          normalised(outside[step], unknownDomain),
          normalised(inside[step], unknownUserOfKnownDomain),
          step,
        );
        assert.doesNotMatch(inside[step].body, /Scuola/, `${step}: no tenant name`);
      }
      for (const step of ["named", "passwordPage", "refused"] as const) {
        assert.doesNotMatch(inside[step].body, /\/branding\//, `${step}: no logo, no colour`);
      }
      assert.equal(outside.refused.status, 401);
      assert.match(outside.refused.body, /username or the password is not correct/);
    });
  });
}
