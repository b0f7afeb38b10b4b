import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { findUser } from "../../src/directory/find-user.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { createScimToken } from "../../src/scim/tokens/create-scim-token.ts";
import { revokeScimToken } from "../../src/scim/tokens/revoke-scim-token.ts";
import { listScimTokens } from "../../src/store/queries/scim.ts";
import { databaseKinds } from "../support/databases.ts";
import { testActor } from "../support/test-app.ts";
import { assertScimError, openScimHarness, patchOp, type ScimHarness } from "./scim-client.ts";

// What a SCIM token may reach: its own tenant only; nothing without a live token; not the
// administrators' sign-in; not the group the MFA policy names. And tokens at rest are hashes.

const operations = (...Operations: unknown[]) => ({ schemas: [patchOp], Operations });

for (const kind of databaseKinds) {
  describe(`SCIM security on ${kind}`, () => {
    let h: ScimHarness;
    before(async () => {
      h = await openScimHarness(kind);
    });
    after(() => h.close());

    test("no token, a wrong one, another scheme or a revoked one: 401 in SCIM's format, nothing done", async () => {
      const body = { userName: "intruder@school.it" };
      for (const bearer of [null, "varco_scim_wrong", h.token.slice(0, -1), `${h.token}x`]) {
        const answer = await h.scim("POST", "/Users", body, bearer);
        assertScimError(answer, 401, undefined, "unauthorized");
        assert.equal(answer.headers["www-authenticate"], 'Bearer realm="varco"');
      }
      const basic = await h.server.inject({
        method: "GET",
        url: "/scim/v2/Users",
        headers: { authorization: `Basic ${Buffer.from(`x:${h.token}`).toString("base64")}` },
      });
      assert.equal(basic.statusCode, 401);
      const { scimToken, token } = await createScimToken(h.t.ctx, testActor, h.tenant, {
        name: "old",
      });
      assert.equal((await h.scim("GET", "/Users", undefined, token)).status, 200);
      await revokeScimToken(h.t.ctx, testActor, h.tenant, scimToken.id);
      assertScimError(
        await h.scim("GET", "/Users", undefined, token),
        401,
        undefined,
        "unauthorized",
      );
      assert.equal((await h.scim("GET", "/Users")).body.totalResults, 0);
      // The database holds hashes only; the list never shows a token.
      const rows = await h.t.ctx.store.db.selectFrom("scim_tokens").selectAll().execute();
      assert.ok(
        rows.every((row) => !row.token_hash.includes(h.token) && !row.token_hash.includes(token)),
      );
      assert.ok(
        !JSON.stringify(await listScimTokens(h.t.ctx.store.db, h.tenant.id)).includes(
          "varco_scim_",
        ),
      );
    });

    test("a token of tenant A neither sees nor changes tenant B", async () => {
      const other = await createTenant(h.t.ctx, testActor, { name: "other" });
      const otherToken = (await createScimToken(h.t.ctx, testActor, other, { name: "b" })).token;
      const mine = await h.scim("POST", "/Users", {
        userName: "anna@school.it",
        externalId: "e-1",
      });
      const theirs = await h.scim(
        "POST",
        "/Users",
        { userName: "anna@school.it", externalId: "e-1" },
        otherToken,
      );
      assert.equal(theirs.status, 201, "the same UPN and externalId in another tenant");
      const theirGroup = await h.scim("POST", "/Groups", { displayName: "Staff" }, otherToken);
      const mineId = String(mine.body.id);
      const theirsId = String(theirs.body.id);
      const groupId = String(theirGroup.body.id);
      assert.deepEqual(
        (await h.scim("GET", "/Users")).body.Resources?.map((r) => r.id),
        [mineId],
      );
      const filtered = await h.scim(
        "GET",
        `/Users?filter=${encodeURIComponent(`id eq "${theirsId}"`)}`,
      );
      assert.equal(filtered.body.totalResults, 0);
      for (const [method, url, body] of [
        ["GET", `/Users/${theirsId}`, undefined],
        ["PUT", `/Users/${theirsId}`, { userName: "taken@school.it" }],
        [
          "PATCH",
          `/Users/${theirsId}`,
          operations({ op: "replace", path: "active", value: false }),
        ],
        ["DELETE", `/Users/${theirsId}`, undefined],
        ["GET", `/Groups/${groupId}`, undefined],
        [
          "PATCH",
          `/Groups/${groupId}`,
          operations({ op: "add", path: "members", value: [{ value: mineId }] }),
        ],
        ["DELETE", `/Groups/${groupId}`, undefined],
      ] as const) {
        assertScimError(await h.scim(method, url, body), 404, undefined, "scim_resource_not_found");
      }
      // Nor may A's group take B's user as a member.
      const myGroup = await h.scim("POST", "/Groups", { displayName: "Staff" });
      assertScimError(
        await h.scim(
          "PATCH",
          `/Groups/${myGroup.body.id}`,
          operations({ op: "add", path: "members", value: [{ value: theirsId }] }),
        ),
        400,
        "invalidValue",
        "scim_invalid_value",
      );
      const untouched = await h.scim("GET", `/Users/${theirsId}`, undefined, otherToken);
      assert.equal(untouched.body.active, true);
      assert.equal((await h.scim("GET", `/Groups/${groupId}`, undefined, otherToken)).status, 200);
    });

    test("an administrator's sign-in is not SCIM's to block, rename, reset or delete", async () => {
      const created = await h.scim("POST", "/Users", {
        userName: "admin@school.it",
        displayName: "Admin",
      });
      const id = String(created.body.id);
      await assignRole(
        h.t.ctx,
        testActor,
        await findUser(h.t.ctx, h.tenant, "admin@school.it"),
        "globalAdministrator",
      );
      for (const [method, body] of [
        ["PATCH", operations({ op: "replace", path: "active", value: false })],
        ["PATCH", operations({ op: "replace", path: "userName", value: "someone@school.it" })],
        [
          "PATCH",
          operations({ op: "replace", path: "password", value: "an entirely new passphrase" }),
        ],
        ["DELETE", undefined],
      ] as const) {
        assertScimError(
          await h.scim(method, `/Users/${id}`, body),
          403,
          undefined,
          "scim_privileged_user",
        );
      }
      const admin = await findUser(h.t.ctx, h.tenant, "admin@school.it");
      assert.equal(admin.blocked, false);
      // Their profile is the directory's to keep up to date.
      const renamed = await h.scim(
        "PATCH",
        `/Users/${id}`,
        operations({ op: "replace", path: "displayName", value: "Amministratore" }),
      );
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.displayName, "Amministratore");
    });

    test("an administrator's block stays when SCIM says active: true", async () => {
      const created = await h.scim("POST", "/Users", { userName: "blocked@school.it" });
      const user = await findUser(h.t.ctx, h.tenant, "blocked@school.it");
      await setUserBlocked(h.t.ctx, testActor, user, { blocked: true, reason: "left the school" });
      const answer = await h.scim(
        "PATCH",
        `/Users/${created.body.id}`,
        operations({ op: "replace", path: "active", value: true }),
      );
      assert.equal(answer.body.active, false);
      assert.equal(
        (await findUser(h.t.ctx, h.tenant, "blocked@school.it")).blockedReason,
        "left the school",
      );
    });

    test("the group the MFA policy requires MFA of cannot be deleted over SCIM", async () => {
      const group = await h.scim("POST", "/Groups", { displayName: "MFA" });
      await changeTenantPolicy(h.t.ctx, testActor, await findTenant(h.t.ctx, "school"), {
        mfaRequiredFor: "group",
        mfaGroupId: String(group.body.id),
      });
      assertScimError(
        await h.scim("DELETE", `/Groups/${group.body.id}`),
        409,
        undefined,
        "scim_policy_group",
      );
      assert.equal((await h.scim("GET", `/Groups/${group.body.id}`)).status, 200);
    });

    test("a group the policy requires phishing-resistant MFA of cannot be deleted over SCIM", async () => {
      const group = await h.scim("POST", "/Groups", { displayName: "Passkey" });
      await changeTenantPolicy(h.t.ctx, testActor, await findTenant(h.t.ctx, "school"), {
        phishingResistantGroupIds: [String(group.body.id)],
      });
      assertScimError(
        await h.scim("DELETE", `/Groups/${group.body.id}`),
        409,
        undefined,
        "scim_policy_group",
      );
      assert.equal((await h.scim("GET", `/Groups/${group.body.id}`)).status, 200);
    });

    test("wrong tokens are throttled per address: 429 with Retry-After, even for the right token", async () => {
      const from = (ip: string, bearer: string) =>
        h.server.inject({
          method: "GET",
          url: "/scim/v2/Users",
          remoteAddress: ip,
          headers: { authorization: `Bearer ${bearer}` },
        });
      for (let i = 0; i < 100; i++)
        assert.equal((await from("198.51.100.7", `varco_scim_guess${i}`)).statusCode, 401);
      const refused = await from("198.51.100.7", "varco_scim_guess");
      assert.equal(refused.statusCode, 429);
      assert.ok(Number(refused.headers["retry-after"]) > 0);
      assert.match(refused.body, /urn:ietf:params:scim:api:messages:2.0:Error/);
      assert.equal((await from("198.51.100.7", h.token)).statusCode, 429);
      assert.equal(
        (await from("198.51.100.8", h.token)).statusCode,
        200,
        "another address is not held up",
      );
      h.t.clock.advance(15 * 60_000 + 1);
      assert.equal((await from("198.51.100.7", h.token)).statusCode, 200);
    });
  });
}
