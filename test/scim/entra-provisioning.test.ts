import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findUser } from "../../src/directory/find-user.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInWithPassword } from "../support/sign-in-events.ts";
import { testPassword } from "../support/sign-in-user.ts";
import {
  assertScimError,
  enterpriseSchema,
  groupSchema,
  listResponse,
  openScimHarness,
  patchOp,
  type ScimHarness,
  userSchema,
} from "./scim-client.ts";

// The requests Microsoft Entra's provisioning service sends, in its order, as Microsoft's
// "Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID" shows them
// (its "User Operations" and "Group Operations" examples), with UPNs for userName; and the
// liberties that service takes: capitalised ops, `active` as the string "False", an operation
// without a path carrying an object, members removed by value.

const client = { ip: "192.0.2.10", userAgent: "test" };
const operations = (...Operations: unknown[]) => ({ schemas: [patchOp], Operations });

for (const kind of databaseKinds) {
  describe(`Microsoft Entra's provisioning sequence on ${kind}`, () => {
    let h: ScimHarness;
    let userId = "";
    let groupId = "";
    before(async () => {
      h = await openScimHarness(kind);
    });
    after(() => h.close());

    test("users: look up, create, read, update, disable, rename, delete", async () => {
      // Before creating, Entra asks whether the user exists: an empty list, not 404.
      const none = await h.scim(
        "GET",
        `/Users?filter=${encodeURIComponent('userName eq "mario.rossi@school.it"')}`,
      );
      assert.equal(none.status, 200);
      assert.deepEqual(none.body, {
        schemas: [listResponse],
        totalResults: 0,
        startIndex: 1,
        itemsPerPage: 0,
        Resources: [],
      });
      const created = await h.scim("POST", "/Users", {
        schemas: [userSchema, enterpriseSchema],
        externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        userName: "mario.rossi@school.it",
        active: true,
        emails: [{ primary: true, type: "work", value: "mario.rossi@school.it" }],
        meta: { resourceType: "User" },
        name: { formatted: "Mario Rossi", familyName: "Rossi", givenName: "Mario" },
        roles: [],
        password: testPassword,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      userId = String(created.body.id);
      assert.equal(created.body.externalId, "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef");
      assert.equal(created.body.password, undefined, "a password is never returned");

      const read = await h.scim("GET", `/Users/${userId}`);
      assert.deepEqual(read.body, created.body);
      const byQuery = await h.scim(
        "GET",
        `/Users?filter=${encodeURIComponent('userName eq "Mario.Rossi@school.it"')}`,
      );
      assert.equal(byQuery.body.totalResults, 1);
      assert.deepEqual(byQuery.body.Resources, [created.body]);
      const byExternalId = await h.scim(
        "GET",
        `/Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`,
      );
      assert.equal(byExternalId.body.totalResults, 1);

      // The password SCIM set signs the user in.
      const signIn = await signInWithPassword(h.t.ctx, {
        tenant: h.tenant,
        upn: "mario.rossi@school.it",
        password: testPassword,
        client,
      });
      assert.notEqual(signIn.kind, "failed");

      // Update User [Multi-valued properties]
      const updated = await h.scim(
        "PATCH",
        `/Users/${userId}`,
        operations(
          { op: "Replace", path: 'emails[type eq "work"].value', value: "m.rossi@school.it" },
          { op: "Replace", path: "name.familyName", value: "Rossi Bianchi" },
        ),
      );
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.deepEqual(updated.body.emails, [
        { value: "m.rossi@school.it", type: "work", primary: true },
      ]);
      assert.equal((updated.body.name as { familyName: string }).familyName, "Rossi Bianchi");
      assert.equal(
        (await findUser(h.t.ctx, h.tenant, "mario.rossi@school.it")).mail,
        "m.rossi@school.it",
      );

      // An operation without a path, its object's keys paths themselves.
      const noPath = await h.scim(
        "PATCH",
        `/Users/${userId}`,
        operations({
          op: "Replace",
          value: {
            displayName: "Mario Rossi Bianchi",
            [`${enterpriseSchema}:department`]: "Docenti",
            'phoneNumbers[type eq "mobile"].value': "+39 333 1234567",
          },
        }),
      );
      assert.equal(noPath.status, 200, JSON.stringify(noPath.body));
      const stored = await findUser(h.t.ctx, h.tenant, "mario.rossi@school.it");
      assert.equal(stored.displayName, "Mario Rossi Bianchi");
      assert.equal(stored.department, "Docenti");
      assert.equal(stored.mobilePhone, "+39 333 1234567");

      // Disable User, as Entra does when a user leaves the app's scope: "False" as a string.
      const disabled = await h.scim(
        "PATCH",
        `/Users/${userId}`,
        operations({ op: "Replace", path: "active", value: "False" }),
      );
      assert.equal(disabled.status, 200);
      assert.equal(disabled.body.active, false);
      const refused = await signInWithPassword(h.t.ctx, {
        tenant: h.tenant,
        upn: "mario.rossi@school.it",
        password: testPassword,
        client,
      });
      // As for a user an administrator blocked: the same answer as a wrong password.
      assert.equal(refused.kind, "failed");
      const activeUsers = await h.scim(
        "GET",
        `/Users?filter=${encodeURIComponent("active eq true")}`,
      );
      assert.equal(activeUsers.body.totalResults, 0);
      // Enabled again (the other form Entra uses: an object without a path).
      const enabled = await h.scim(
        "PATCH",
        `/Users/${userId}`,
        operations({ op: "replace", value: { active: true } }),
      );
      assert.equal(enabled.body.active, true);
      assert.notEqual(
        (
          await signInWithPassword(h.t.ctx, {
            tenant: h.tenant,
            upn: "mario.rossi@school.it",
            password: testPassword,
            client,
          })
        ).kind,
        "failed",
      );

      // Update User [Single-valued properties]: a new UPN.
      const renamed = await h.scim(
        "PATCH",
        `/Users/${userId}`,
        operations({ op: "Replace", path: "userName", value: "mario.rossi@scuola.school.it" }),
      );
      assert.equal(renamed.body.userName, "mario.rossi@scuola.school.it");
      assert.equal((await findUser(h.t.ctx, h.tenant, "mario.rossi@scuola.school.it")).id, userId);
      // A second create of the same user answers 409, which Entra reads as "exists".
      assertScimError(
        await h.scim("POST", "/Users", {
          schemas: [userSchema],
          userName: "mario.rossi@scuola.school.it",
        }),
        409,
        "uniqueness",
        "user_exists",
      );
    });

    test("groups: create, read without members, find by name, rename, add and remove members, delete", async () => {
      const created = await h.scim("POST", "/Groups", {
        schemas: [
          groupSchema,
          "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group",
        ],
        externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
        displayName: "Docenti",
        meta: { resourceType: "Group" },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      groupId = String(created.body.id);
      assert.deepEqual(created.body.members, []);
      const read = await h.scim("GET", `/Groups/${groupId}?excludedAttributes=members`);
      assert.equal(read.body.displayName, "Docenti");
      assert.equal(read.body.members, undefined);
      const byName = await h.scim(
        "GET",
        `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Docenti"')}`,
      );
      assert.equal(byName.body.totalResults, 1);
      assert.equal(byName.body.Resources?.[0]?.id, groupId);

      const renamed = await h.scim(
        "PATCH",
        `/Groups/${groupId}`,
        operations({ op: "Replace", path: "displayName", value: "Docenti 2026" }),
      );
      assert.equal(renamed.status, 204);
      const added = await h.scim(
        "PATCH",
        `/Groups/${groupId}`,
        operations({ op: "Add", path: "members", value: [{ $ref: null, value: userId }] }),
      );
      assert.equal(added.status, 204);
      const withMember = await h.scim("GET", `/Groups/${groupId}`);
      assert.equal(withMember.body.displayName, "Docenti 2026");
      assert.deepEqual(
        (withMember.body.members as { value: string }[]).map((m) => m.value),
        [userId],
      );
      const members = await h.scim(
        "GET",
        `/Groups?filter=${encodeURIComponent(`members[value eq "${userId}"]`)}`,
      );
      assert.equal(members.body.totalResults, 1);
      const removed = await h.scim(
        "PATCH",
        `/Groups/${groupId}`,
        operations({ op: "Remove", path: "members", value: [{ $ref: null, value: userId }] }),
      );
      assert.equal(removed.status, 204);
      assert.deepEqual((await h.scim("GET", `/Groups/${groupId}`)).body.members, []);
      assert.equal((await h.scim("DELETE", `/Groups/${groupId}`)).status, 204);
    });

    test("every change is on the audit record, with the SCIM token as the actor", async () => {
      assert.equal((await h.scim("DELETE", `/Users/${userId}`)).status, 204);
      assertScimError(
        await h.scim("GET", `/Users/${userId}`),
        404,
        undefined,
        "scim_resource_not_found",
      );
      const entries = (await listAudit(h.t.ctx.store.db, h.tenant.id, 1000)).filter(
        (entry) => entry.actor_type === "apiClient",
      );
      const actions = entries.map((entry) => entry.action);
      for (const action of [
        "Add user",
        "Update user",
        "Block user",
        "Unblock user",
        "Add group",
        "Update group",
        "Add member to group",
        "Remove member from group",
        "Delete group",
        "Delete user",
      ]) {
        assert.ok(actions.includes(action), `${action} in ${actions.join(", ")}`);
      }
      assert.ok(entries.every((entry) => entry.actor_name === "SCIM token 'entra'"));
      assert.ok(entries.every((entry) => !entry.details_json.includes(testPassword)));
    });
  });
}
