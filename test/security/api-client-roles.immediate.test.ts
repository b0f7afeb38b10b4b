import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { SignJWT } from "jose";
import { assignClientRole, unassignClientRole } from "../../src/api-clients/assign-client-role.ts";
import { revokeApiClient } from "../../src/api-clients/revoke-api-client.ts";
import { buildServer } from "../../src/http/build-server.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { adminClient } from "../admin/admin-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

/**
 * An API client's roles are read from its role assignments on every admin API request, never
 * from its access token: a role taken away, or the client revoked, counts from the next request,
 * with the same unexpired token; a role given can be used at once.
 */
for (const kind of databaseKinds) {
  describe(`API client roles take effect at once on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildServer(t.ctx, { logLevel: "silent" });
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    const policyPath = "/api/v1/policies/authenticationMethodsPolicy";
    const auditCount = async () => (await listAudit(t.ctx.store.db, t.tenant.id, 1000)).length;

    test("a role taken from a client: 403 forbidden with the same token at the next request", async () => {
      const client = await adminClient(t, server, ["helpdeskAdministrator", "securityReader"]);
      const user = await createSignInUser(t, "roles-removed@example.it");
      const revokeSessions = `/api/v1/users/${encodeURIComponent(user.upn)}/revokeSignInSessions`;
      assert.equal((await client.call("POST", revokeSessions)).status, 200);

      await unassignClientRole(
        t.ctx,
        testActor,
        t.tenant,
        client.clientId,
        "helpdeskAdministrator",
      );
      const before = await auditCount();
      const refused = await client.call("POST", revokeSessions);
      assert.deepEqual(
        [refused.status, (refused.json().error as { code: string }).code],
        [403, "forbidden"],
      );
      assert.equal(await auditCount(), before, "nothing changed");
      // The token is the same and unexpired, and still lists the role it was issued with.
      const claims = JSON.parse(
        Buffer.from(client.token.split(".")[1] ?? "", "base64url").toString(),
      );
      assert.deepEqual(claims.roles, ["helpdeskAdministrator", "securityReader"]);
      assert.ok(claims.exp * 1000 > t.clock.now());
      assert.equal((await client.call("GET", "/api/v1/users")).status, 200, "the role it keeps");

      const [entry] = (await listAudit(t.ctx.store.db, t.tenant.id, 50)).filter(
        (e) => e.action === "Remove member from role",
      );
      assert.equal(entry?.target_type, "apiClient");
      assert.equal(entry?.target_id, client.clientId);
      assert.deepEqual(JSON.parse(entry?.details_json ?? "{}"), {
        name: "client-helpdeskAdministrator-securityReader",
        role: "helpdeskAdministrator",
      });
    });

    test("a role given to a client can be used at once with the token it holds", async () => {
      const client = await adminClient(t, server, ["securityReader"]);
      assert.equal((await client.call("PATCH", policyPath, { rememberDeviceDays: 7 })).status, 403);
      await assignClientRole(
        t.ctx,
        testActor,
        t.tenant,
        client.clientId,
        "authenticationPolicyAdministrator",
      );
      const changed = await client.call("PATCH", policyPath, { rememberDeviceDays: 7 });
      assert.equal(changed.status, 200, changed.body);
      assert.equal(changed.json().rememberDeviceDays, 7);
      const [entry] = (await listAudit(t.ctx.store.db, t.tenant.id, 50)).filter(
        (e) => e.action === "Add member to role",
      );
      assert.deepEqual(
        [entry?.target_type, entry?.target_id, JSON.parse(entry?.details_json ?? "{}").role],
        ["apiClient", client.clientId, "authenticationPolicyAdministrator"],
      );
    });

    test("a revoked client: 401 unauthorized with the same token at the next request", async () => {
      const client = await adminClient(t, server, ["securityReader"]);
      assert.equal((await client.call("GET", "/api/v1/users")).status, 200);
      await revokeApiClient(t.ctx, testActor, t.tenant, client.clientId);
      const refused = await client.call("GET", "/api/v1/users");
      assert.deepEqual(
        [refused.status, (refused.json().error as { code: string }).code],
        [401, "unauthorized"],
      );
      await assert.rejects(
        assignClientRole(t.ctx, testActor, t.tenant, client.clientId, "globalAdministrator"),
        (error: { code?: string }) => error.code === "not_found",
      );
    });

    test("roles in a token are never trusted, even in one Varco signed", async () => {
      const client = await adminClient(t, server, ["securityReader"]);
      const [head = "", body = ""] = client.token.split(".");
      const header = JSON.parse(Buffer.from(head, "base64url").toString());
      const claims = JSON.parse(Buffer.from(body, "base64url").toString());
      const escalated = await new SignJWT({ ...claims, roles: ["globalAdministrator"] })
        .setProtectedHeader(header)
        .sign(t.ctx.keyring.current.accessTokenKey);
      const call = (token: string) =>
        server.inject({
          method: "PATCH",
          url: policyPath,
          headers: { authorization: `Bearer ${token}` },
          payload: { rememberDeviceDays: 3 },
        });
      const refused = await call(escalated);
      assert.deepEqual(
        [refused.statusCode, refused.json().error.code],
        [403, "forbidden"],
        "signed by Varco, so it authenticates; its roles still do not count",
      );
      assert.equal((await client.call("GET", "/api/v1/users")).status, 200);
    });

    test("a client keeps at least one role; a role it has or lacks is refused with invalid_request", async () => {
      const client = await adminClient(t, server, ["securityReader"]);
      for (const run of [
        () => unassignClientRole(t.ctx, testActor, t.tenant, client.clientId, "securityReader"),
        () =>
          unassignClientRole(t.ctx, testActor, t.tenant, client.clientId, "helpdeskAdministrator"),
        () => assignClientRole(t.ctx, testActor, t.tenant, client.clientId, "securityReader"),
      ]) {
        await assert.rejects(run(), (error: { code?: string }) => error.code === "invalid_request");
      }
      assert.equal((await client.call("GET", "/api/v1/users")).status, 200);
      await assert.rejects(
        unassignClientRole(
          t.ctx,
          testActor,
          { ...t.tenant, id: "another-tenant" },
          client.clientId,
          "securityReader",
        ),
        (error: { code?: string }) => error.code === "not_found",
        "a client of another tenant",
      );
    });
  });
}
