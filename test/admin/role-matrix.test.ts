import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { removeTenantDomain } from "../../src/directory/domains/remove-tenant-domain.ts";
import { updateUser } from "../../src/directory/update-user.ts";
import { reregistrationDone } from "../../src/methods/reregistration.ts";
import { assignRole, unassignRole } from "../../src/roles/assign-role.ts";
import { type AdminAction, isAllowed } from "../../src/roles/authorize.ts";
import { type Role, roles } from "../../src/roles/roles.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import {
  deletePasskeyCredential,
  listPasskeyCredentials,
} from "../../src/store/queries/passkeys.ts";
import { deleteTemporaryAccessPass } from "../../src/store/queries/temporary-access-passes.ts";
import { findUserById } from "../../src/store/queries/users.ts";
import { createSignInUser, type SignInUser } from "../support/sign-in-user.ts";
import { storePasskey } from "../support/stored-passkey.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { type AdminClient, adminClient } from "./admin-client.ts";

// Seed 003's roles, written out here from the issue rather than read from the code, so the
// matrix checks the code against the requirement: per role, what it may do to a user who is
// not an administrator ("user") and to one who is ("admin"); "—" for tenant-wide actions.
type Allowed = "both" | "user" | "none";
const spec: Record<Role, Partial<Record<AdminAction, Allowed>>> = {
  globalAdministrator: {
    readDirectory: "both",
    readPolicy: "both",
    writePolicy: "both",
    blockUsers: "both",
    manageMethods: "both",
    requireReregistration: "both",
    issueTemporaryAccessPass: "both",
    resetPassword: "both",
    manageSessions: "both",
    readLogs: "both",
    readRisk: "both",
    manageRisk: "both",
    manageHardwareTokens: "both",
    manageRoles: "both",
    manageUsers: "both",
    manageDomains: "both",
  },
  // The tenant's MFA policies (and, as in Entra's MFA settings, blocking and hardware tokens).
  authenticationPolicyAdministrator: {
    readDirectory: "both",
    readPolicy: "both",
    writePolicy: "both",
    blockUsers: "both",
    manageHardwareTokens: "both",
  },
  // Methods of non-administrators: list, add, remove, require re-registration, TAP.
  authenticationAdministrator: {
    readDirectory: "both",
    readPolicy: "both",
    readLogs: "both",
    manageMethods: "user",
    requireReregistration: "user",
    issueTemporaryAccessPass: "user",
    resetPassword: "user",
    manageSessions: "user",
  },
  // The same for every user, administrators included.
  privilegedAuthenticationAdministrator: {
    readDirectory: "both",
    readPolicy: "both",
    readLogs: "both",
    manageMethods: "both",
    requireReregistration: "both",
    issueTemporaryAccessPass: "both",
    resetPassword: "both",
    manageSessions: "both",
    manageHardwareTokens: "both",
  },
  // TAP, re-registration and password reset (and sign-out) for non-administrators.
  helpdeskAdministrator: {
    readDirectory: "both",
    readLogs: "both",
    requireReregistration: "user",
    issueTemporaryAccessPass: "user",
    resetPassword: "user",
    manageSessions: "user",
  },
  // Logs, risk, read-only.
  securityReader: { readDirectory: "both", readPolicy: "both", readLogs: "both", readRisk: "both" },
  // Entra's User Administrator: creates, edits, blocks and deletes users who are not
  // administrators, resets their passwords and ends their sessions.
  userAdministrator: {
    readDirectory: "both",
    readLogs: "both",
    manageUsers: "user",
    blockUsers: "user",
    resetPassword: "user",
    manageSessions: "user",
  },
};

const actions: readonly AdminAction[] = [
  "readDirectory",
  "readPolicy",
  "writePolicy",
  "blockUsers",
  "manageMethods",
  "requireReregistration",
  "issueTemporaryAccessPass",
  "resetPassword",
  "manageSessions",
  "readLogs",
  "readRisk",
  "manageRisk",
  "manageHardwareTokens",
  "manageRoles",
  "manageUsers",
  "manageDomains",
];

const expectedFor = (role: Role, action: AdminAction, targetIsAdmin: boolean) => {
  const allowed = spec[role][action] ?? "none";
  return allowed === "both" || (allowed === "user" && !targetIsAdmin);
};

describe("the role matrix", () => {
  test("the authorization point: every role × action × target as the issue says", () => {
    for (const role of roles) {
      for (const action of actions) {
        for (const isAdmin of [false, true]) {
          assert.equal(
            isAllowed({ tenantId: "t", roles: [role] }, action, { isAdmin }),
            expectedFor(role, action, isAdmin),
            `${role} ${action} on ${isAdmin ? "an administrator" : "a user"}`,
          );
        }
      }
    }
  });

  describe("through the admin API", () => {
    let t: TestApp;
    let server: FastifyInstance;
    let plain: SignInUser;
    let admin: SignInUser;
    const clients = new Map<Role, AdminClient>();
    before(async () => {
      t = await openTestApp("sqlite");
      server = await buildTestServer(t.ctx);
      plain = await createSignInUser(t, "plain.user@example.it");
      admin = await createSignInUser(t, "an.admin@example.it");
      await assignRole(t.ctx, testActor, admin.user, "securityReader");
      for (const role of roles) clients.set(role, await adminClient(t, server, [role]));
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    // One request per action that has a route; afterwards the change is undone, so each
    // request meets the same state.
    const requests: Partial<
      Record<
        AdminAction,
        {
          send: (c: AdminClient, target: SignInUser) => ReturnType<AdminClient["call"]>;
          undo?: (target: SignInUser) => Promise<unknown>;
          perTarget: boolean;
        }
      >
    > = {
      readDirectory: {
        perTarget: true,
        send: (c, u) => c.call("GET", `/api/v1/users/${u.user.id}`),
      },
      readPolicy: {
        perTarget: false,
        send: (c) => c.call("GET", "/api/v1/policies/authenticationMethodsPolicy"),
      },
      writePolicy: {
        perTarget: false,
        send: (c) =>
          c.call("PATCH", "/api/v1/policies/authenticationMethodsPolicy", { lockoutMinutes: 15 }),
      },
      blockUsers: {
        perTarget: true,
        send: (c, u) =>
          c.call("PATCH", `/api/v1/users/${u.upn}`, { accountEnabled: false, reason: "matrix" }),
        undo: async (u) => {
          const now = await findUserById(t.ctx.store.db, u.user.id);
          if (now?.blocked)
            await setUserBlocked(t.ctx, testActor, now, { blocked: false, reason: "undo" });
        },
      },
      manageMethods: {
        perTarget: true,
        send: (c, u) => c.call("GET", `/api/v1/users/${u.user.id}/authentication/methods`),
      },
      requireReregistration: {
        perTarget: true,
        send: (c, u) =>
          c.call("POST", `/api/v1/users/${u.user.id}/authentication/requireReregistration`, {}),
        undo: async (u) => {
          const now = await findUserById(t.ctx.store.db, u.user.id);
          if (now) await reregistrationDone(t.ctx.store.db, now);
        },
      },
      issueTemporaryAccessPass: {
        perTarget: true,
        send: (c, u) =>
          c.call(
            "POST",
            `/api/v1/users/${u.user.id}/authentication/temporaryAccessPassMethods`,
            {},
          ),
        undo: (u) => deleteTemporaryAccessPass(t.ctx.store.db, u.user.id),
      },
      resetPassword: {
        perTarget: true,
        send: (c, u) =>
          c.call(
            "POST",
            `/api/v1/users/${u.user.id}/authentication/passwordMethods/28c10230-6103-485e-b985-444c60001490/resetPassword`,
            { newPassword: "a new long password 42" },
          ),
      },
      manageSessions: {
        perTarget: true,
        send: (c, u) => c.call("POST", `/api/v1/users/${u.user.id}/revokeSignInSessions`),
      },
      manageHardwareTokens: {
        perTarget: false,
        send: (c) =>
          c.call(
            "POST",
            "/api/v1/directory/authenticationMethodDevices/hardwareOathDevices/import",
            {
              csv: "upn,serial number,secret key,time interval,manufacturer,model\n",
            },
          ),
      },
      readRisk: {
        perTarget: false,
        send: (c) => c.call("GET", "/api/v1/identityProtection/riskyUsers"),
      },
      manageRisk: {
        perTarget: false,
        send: (c) =>
          c.call("POST", "/api/v1/identityProtection/riskyUsers/dismiss", {
            userIds: [plain.user.id],
          }),
      },
      readLogs: {
        perTarget: false,
        send: (c) => c.call("GET", "/api/v1/auditLogs/directoryAudits?$top=1"),
      },
      manageRoles: {
        perTarget: true,
        send: (c, u) =>
          c.call("POST", "/api/v1/roleManagement/directory/roleAssignments", {
            principalId: u.user.id,
            roleDefinitionId: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
          }),
        undo: (u) => unassignRole(t.ctx, testActor, u.user, "helpdeskAdministrator"),
      },
      manageUsers: {
        perTarget: true,
        send: (c, u) => c.call("PATCH", `/api/v1/users/${u.user.id}`, { department: "Matrix" }),
        undo: (u) => updateUser(t.ctx, testActor, u.user, { department: null }),
      },
      manageDomains: {
        perTarget: false,
        send: (c) => c.call("POST", "/api/v1/domains", { id: "matrix.example.org" }),
        undo: async () => {
          await removeTenantDomain(t.ctx, testActor, t.tenant, "matrix.example.org");
        },
      },
    };

    test("every role × action with a route × target: allowed, or 403 forbidden and nothing changed", async () => {
      let checked = 0;
      for (const [action, request] of Object.entries(requests)) {
        for (const role of roles) {
          const targets = request.perTarget ? [plain, admin] : [plain];
          for (const target of targets) {
            const isAdmin = target === admin;
            const audited = (await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).length;
            const response = await request.send(clients.get(role) as AdminClient, target);
            const what = `${role} ${action}${request.perTarget ? ` on ${target.upn}` : ""}`;
            if (expectedFor(role, action as AdminAction, isAdmin)) {
              assert.ok(response.status < 300, `${what}: ${response.status} ${response.body}`);
              await request.undo?.(target);
            } else {
              assert.equal(response.status, 403, `${what}: ${response.body}`);
              assert.equal((response.json().error as { code: string }).code, "forbidden");
              assert.equal(
                (await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).length,
                audited,
                `${what}: nothing written`,
              );
            }
            checked++;
          }
        }
      }
      assert.equal(checked, roles.length * (9 * 2 + 7));
    });

    test("passkeys and security keys (fido2Methods): read and removed by the roles that manage methods", async () => {
      let checked = 0;
      for (const role of roles) {
        for (const target of [plain, admin]) {
          const client = clients.get(role) as AdminClient;
          const allowed = expectedFor(role, "manageMethods", target === admin);
          const key = await storePasskey(t, target.user);
          const base = `/api/v1/users/${target.user.id}/authentication/fido2Methods`;
          const audited = (await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).length;
          for (const [method, url] of [
            ["GET", base],
            ["GET", `${base}/${key.id}`],
            ["DELETE", `${base}/${key.id}`],
          ] as const) {
            const response = await client.call(method, url);
            const what = `${role} ${method} ${url} on ${target.upn}`;
            if (allowed) {
              assert.ok(response.status < 300, `${what}: ${response.status} ${response.body}`);
            } else {
              assert.equal(response.status, 403, `${what}: ${response.body}`);
              assert.equal((response.json().error as { code: string }).code, "forbidden");
            }
            checked++;
          }
          const left = await listPasskeyCredentials(t.ctx.store.db, target.user.id);
          assert.equal(
            left.some((row) => row.id === key.id),
            !allowed,
            `${role}: removed or kept`,
          );
          if (!allowed) {
            assert.equal((await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).length, audited);
            await deletePasskeyCredential(t.ctx.store.db, { userId: target.user.id, id: key.id });
          }
        }
      }
      assert.equal(checked, roles.length * 2 * 3);
    });
  });
});
