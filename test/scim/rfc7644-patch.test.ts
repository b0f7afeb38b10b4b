import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findUser } from "../../src/directory/find-user.ts";
import { databaseKinds } from "../support/databases.ts";
import {
  assertScimError,
  enterpriseSchema,
  groupSchema,
  openScimHarness,
  patchOp,
  type ScimHarness,
  userSchema,
} from "./scim-client.ts";

// RFC 7644 section 3.5.2's PATCH examples (add, remove, replace; members of a group, e-mail
// addresses of a user), with Varco's values, and section 3.5.1's PUT.

const patch = (...Operations: unknown[]) => ({ schemas: [patchOp], Operations });

for (const kind of databaseKinds) {
  describe(`SCIM PATCH and PUT (RFC 7644 section 3.5) on ${kind}`, () => {
    let h: ScimHarness;
    let bjensen = "";
    let jsmith = "";
    let group = "";
    before(async () => {
      h = await openScimHarness(kind);
      const create = async (body: object) => String((await h.scim("POST", "/Users", body)).body.id);
      bjensen = await create({
        schemas: [userSchema],
        userName: "bjensen@example.com",
        displayName: "Babs Jensen",
        emails: [{ value: "bjensen@example.com", type: "work", primary: true }],
        phoneNumbers: [{ value: "+39 333 1234567", type: "mobile" }],
        [enterpriseSchema]: { department: "Segreteria" },
      });
      jsmith = await create({ userName: "jsmith@example.com", displayName: "John Smith" });
      const created = await h.scim("POST", "/Groups", {
        schemas: [groupSchema],
        displayName: "Tour Guides",
      });
      assert.equal(created.status, 201);
      assert.deepEqual(created.body.members, []);
      group = String(created.body.id);
    });
    after(() => h.close());

    const members = async () =>
      ((await h.scim("GET", `/Groups/${group}`)).body.members as { value: string }[]).map(
        (m) => m.value,
      );
    const user = (upn: string) => findUser(h.t.ctx, h.tenant, upn);

    test("3.5.2.1: add members to a group", async () => {
      const added = await h.scim(
        "PATCH",
        `/Groups/${group}`,
        patch({
          op: "add",
          path: "members",
          value: [
            {
              display: "Babs Jensen",
              $ref: `https://varco.example.it/scim/v2/Users/${bjensen}`,
              value: bjensen,
            },
          ],
        }),
      );
      assert.equal(added.status, 204);
      assert.deepEqual(await members(), [bjensen]);
      const shown = await h.scim("GET", `/Groups/${group}`);
      assert.deepEqual(shown.body.members, [
        {
          value: bjensen,
          display: "bjensen@example.com",
          $ref: `https://varco.example.it/scim/v2/Users/${bjensen}`,
          type: "User",
        },
      ]);
      // Adding the same member again changes nothing.
      await h.scim(
        "PATCH",
        `/Groups/${group}`,
        patch({ op: "add", path: "members", value: [{ value: bjensen }] }),
      );
      assert.deepEqual(await members(), [bjensen]);
    });

    test("3.5.2.1: add without a path merges the attributes given", async () => {
      const answer = await h.scim(
        "PATCH",
        `/Users/${jsmith}`,
        patch({
          op: "add",
          value: { emails: [{ value: "john@smith.example.it", type: "home" }], nickName: "Johnny" },
        }),
      );
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(answer.body.emails, [
        { value: "john@smith.example.it", type: "work", primary: true },
      ]);
      assert.equal((await user("jsmith@example.com")).mail, "john@smith.example.it");
    });

    test("3.5.2.2: remove one member by a value filter, then all members", async () => {
      await h.scim(
        "PATCH",
        `/Groups/${group}`,
        patch({ op: "add", path: "members", value: [{ value: jsmith }] }),
      );
      assert.deepEqual((await members()).sort(), [bjensen, jsmith].sort());
      const removed = await h.scim(
        "PATCH",
        `/Groups/${group}`,
        patch({ op: "remove", path: `members[value eq "${bjensen}"]` }),
      );
      assert.equal(removed.status, 204);
      assert.deepEqual(await members(), [jsmith]);
      await h.scim("PATCH", `/Groups/${group}`, patch({ op: "remove", path: "members" }));
      assert.deepEqual(await members(), []);
    });

    test("3.5.2.2: remove one member and add another in one request", async () => {
      await h.scim(
        "PATCH",
        `/Groups/${group}`,
        patch({ op: "add", path: "members", value: [{ value: bjensen }] }),
      );
      const answer = await h.scim(
        "PATCH",
        `/Groups/${group}`,
        patch(
          { op: "remove", path: `members[value eq"${bjensen}"]` },
          { op: "add", path: "members", value: [{ display: "John Smith", value: jsmith }] },
        ),
      );
      assert.equal(answer.status, 204);
      assert.deepEqual(await members(), [jsmith]);
    });

    test("3.5.2.3: replace all members", async () => {
      await h.scim(
        "PATCH",
        `/Groups/${group}`,
        patch({ op: "replace", path: "members", value: [{ value: bjensen }, { value: jsmith }] }),
      );
      assert.deepEqual((await members()).sort(), [bjensen, jsmith].sort());
      await h.scim(
        "PATCH",
        `/Groups/${group}`,
        patch({ op: "replace", path: "members", value: [{ value: bjensen }] }),
      );
      assert.deepEqual(await members(), [bjensen]);
    });

    test("3.5.2.3: replace a value picked by a filter, and one of its sub-attributes", async () => {
      const whole = await h.scim(
        "PATCH",
        `/Users/${bjensen}`,
        patch({
          op: "replace",
          path: 'emails[type eq "work"]',
          value: { type: "work", value: "barbara@example.com", primary: true },
        }),
      );
      assert.equal(whole.status, 200, JSON.stringify(whole.body));
      assert.equal((await user("bjensen@example.com")).mail, "barbara@example.com");
      await h.scim(
        "PATCH",
        `/Users/${bjensen}`,
        patch({ op: "replace", path: 'emails[type eq "work"].value', value: "babs@example.com" }),
      );
      assert.equal((await user("bjensen@example.com")).mail, "babs@example.com");
    });

    test("3.5.2.3: replace without a path; remove an attribute and an extension's attribute", async () => {
      await h.scim(
        "PATCH",
        `/Users/${bjensen}`,
        patch({
          op: "replace",
          value: {
            emails: [
              { value: "bjensen@example.com", type: "work", primary: true },
              { value: "babs@jensen.org", type: "home" },
            ],
            nickName: "Babs",
          },
        }),
      );
      assert.equal((await user("bjensen@example.com")).mail, "bjensen@example.com");
      const removed = await h.scim(
        "PATCH",
        `/Users/${bjensen}`,
        patch(
          { op: "remove", path: "phoneNumbers" },
          { op: "remove", path: `${enterpriseSchema}:department` },
        ),
      );
      assert.equal(removed.body.phoneNumbers, undefined);
      assert.deepEqual(removed.body.schemas, [userSchema]);
      const stored = await user("bjensen@example.com");
      assert.equal(stored.mobilePhone, null);
      assert.equal(stored.department, null);
    });

    test("3.5.2: PATCH errors: no target, read-only attribute, bad path, bad op; nothing changes", async () => {
      const before = await h.scim("GET", `/Users/${bjensen}`);
      assertScimError(
        await h.scim("PATCH", `/Users/${bjensen}`, patch({ op: "remove" })),
        400,
        "noTarget",
        "scim_no_target",
      );
      assertScimError(
        await h.scim(
          "PATCH",
          `/Users/${bjensen}`,
          patch({ op: "replace", path: "id", value: "x" }),
        ),
        400,
        "mutability",
        "scim_mutability",
      );
      assertScimError(
        await h.scim(
          "PATCH",
          `/Users/${bjensen}`,
          patch({ op: "replace", path: 'emails[type eq "work"', value: "x" }),
        ),
        400,
        "invalidPath",
        "scim_invalid_path",
      );
      assertScimError(
        await h.scim(
          "PATCH",
          `/Users/${bjensen}`,
          patch({ op: "copy", path: "displayName", value: "x" }),
        ),
        400,
        "invalidSyntax",
        "scim_invalid_syntax",
      );
      assertScimError(
        await h.scim(
          "PATCH",
          `/Users/${bjensen}`,
          patch(
            { op: "replace", path: "displayName", value: "Changed" },
            { op: "replace", path: 'emails[type eq "work"].value', value: "not an address" },
          ),
        ),
        400,
        "invalidValue",
        "invalid_mail",
      );
      assertScimError(
        await h.scim(
          "PATCH",
          `/Groups/${group}`,
          patch({ op: "add", path: "members", value: [{ value: group }] }),
        ),
        400,
        "invalidValue",
        "scim_invalid_value",
      );
      assert.deepEqual((await h.scim("GET", `/Users/${bjensen}`)).body, before.body);
      assert.deepEqual(await members(), [bjensen]);
    });

    test("3.5.1: PUT replaces the user; attributes left out are cleared", async () => {
      const replaced = await h.scim("PUT", `/Users/${jsmith}`, {
        schemas: [userSchema],
        userName: "john.smith@example.com",
        externalId: "js-1",
        name: { givenName: "John", familyName: "Smith" },
        phoneNumbers: [{ value: "+39 347 7654321", type: "mobile" }],
      });
      assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
      assert.equal(replaced.body.userName, "john.smith@example.com");
      assert.equal(replaced.body.displayName, "John Smith");
      assert.equal(replaced.body.emails, undefined);
      const stored = await user("john.smith@example.com");
      assert.equal(stored.id, jsmith);
      assert.equal(stored.mail, null);
      assert.equal(stored.mobilePhone, "+39 347 7654321");
      assertScimError(
        await h.scim("PUT", `/Users/${jsmith}`, { userName: "bjensen@example.com" }),
        409,
        "uniqueness",
        "user_exists",
      );
      assertScimError(
        await h.scim("PUT", `/Users/${jsmith}`, { displayName: "x" }),
        400,
        "invalidValue",
        "scim_invalid_value",
      );
    });

    test("3.5.1 and 3.6: PUT renames a group; DELETE removes it, its members stay users", async () => {
      const put = await h.scim("PUT", `/Groups/${group}`, {
        schemas: [groupSchema],
        displayName: "Guide turistiche",
        members: [{ value: jsmith }],
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.displayName, "Guide turistiche");
      assertScimError(
        await h.scim("POST", "/Groups", {
          schemas: [groupSchema],
          displayName: "Guide turistiche",
        }),
        409,
        "uniqueness",
        "group_exists",
      );
      assert.deepEqual(await members(), [jsmith]);
      assert.equal((await h.scim("DELETE", `/Groups/${group}`)).status, 204);
      assertScimError(
        await h.scim("GET", `/Groups/${group}`),
        404,
        undefined,
        "scim_resource_not_found",
      );
      assert.equal((await h.scim("GET", `/Users/${jsmith}`)).status, 200);
      assert.equal((await h.scim("DELETE", `/Users/${jsmith}`)).status, 204);
      assertScimError(
        await h.scim("DELETE", `/Users/${jsmith}`),
        404,
        undefined,
        "scim_resource_not_found",
      );
    });
  });
}
