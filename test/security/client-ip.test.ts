import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { browserLike } from "../support/http-client.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// A trusted range skips MFA, so the client address must not be forgeable: X-Forwarded-For
// counts only when the request comes from a configured proxy.
describe("the client address behind proxies", () => {
  let t: TestApp;
  before(async () => {
    t = await openTestApp("sqlite");
    await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
      trustedIpRanges: ["203.0.113.0/24"],
    });
    await createSignInUser(t, "proxy@example.it");
  });
  after(() => t.close());

  const signIn = async (trustedProxies: string[]) => {
    const server = await buildTestServer(t.ctx, { trustedProxies });
    try {
      const response = await browserLike(server).request({
        method: "POST",
        url: "/api/v1/sign-in",
        remoteAddress: "127.0.0.1",
        headers: { "x-forwarded-for": "203.0.113.5" },
        payload: { upn: "proxy@example.it", password: testPassword },
      });
      return response.json().state;
    } finally {
      await server.close();
    }
  };

  test("a forged X-Forwarded-For from an untrusted peer does not skip MFA", async () => {
    assert.equal(await signIn([]), "second_factor");
    assert.equal(await signIn(["10.0.0.1"]), "second_factor");
  });

  test("through a trusted proxy, the forwarded address counts", async () => {
    assert.equal(await signIn(["127.0.0.1"]), "signed_in");
  });
});
