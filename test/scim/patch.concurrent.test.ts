import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { databaseKinds } from "../support/databases.ts";
import { openScimHarness, patchOp, type ScimHarness } from "./scim-client.ts";

// Microsoft Entra sends changes side by side, one PATCH each (a group's members, a user's
// attributes): every one lands, none puts back what another one changed.

for (const kind of databaseKinds) {
  describe(`concurrent PATCHes on ${kind}`, () => {
    let h: ScimHarness;
    before(async () => {
      h = await openScimHarness(kind);
    });
    after(() => h.close());

    test("sixteen members added at once, then eight removed at once", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 16; i++) {
        ids.push(
          String((await h.scim("POST", "/Users", { userName: `pupil${i}@school.it` })).body.id),
        );
      }
      const group = String((await h.scim("POST", "/Groups", { displayName: "3B" })).body.id);
      const change = (op: string, id: string) =>
        h.scim("PATCH", `/Groups/${group}`, {
          schemas: [patchOp],
          Operations: [{ op, path: "members", value: [{ value: id }] }],
        });
      const added = await Promise.all(ids.map((id) => change("Add", id)));
      assert.deepEqual(
        added.map((answer) => answer.status),
        ids.map(() => 204),
      );
      const members = async () =>
        ((await h.scim("GET", `/Groups/${group}`)).body.members as { value: string }[])
          .map((member) => member.value)
          .sort();
      assert.deepEqual(await members(), [...ids].sort());
      const removed = await Promise.all(ids.slice(0, 8).map((id) => change("Remove", id)));
      assert.deepEqual(
        removed.map((answer) => answer.status),
        ids.slice(0, 8).map(() => 204),
      );
      assert.deepEqual(await members(), ids.slice(8).sort());
    });

    test("a user's attributes changed at once by separate PATCHes", async () => {
      const id = String(
        (await h.scim("POST", "/Users", { userName: "teacher@school.it" })).body.id,
      );
      const replace = (path: string, value: unknown) =>
        h.scim("PATCH", `/Users/${id}`, {
          schemas: [patchOp],
          Operations: [{ op: "Replace", path, value }],
        });
      const answers = await Promise.all([
        replace("displayName", "Prof. Anna Neri"),
        replace("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "Lettere"),
        replace('emails[type eq "work"].value', "anna.neri@school.it"),
        replace('phoneNumbers[type eq "mobile"].value', "+39 333 7654321"),
        replace("externalId", "ext-42"),
        replace("active", "False"),
      ]);
      assert.ok(answers.every((answer) => answer.status === 200));
      const user = (await h.scim("GET", `/Users/${id}`)).body;
      assert.equal(user.displayName, "Prof. Anna Neri");
      assert.deepEqual(user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"], {
        department: "Lettere",
      });
      assert.deepEqual(user.emails, [
        { value: "anna.neri@school.it", type: "work", primary: true },
      ]);
      assert.deepEqual(user.phoneNumbers, [{ value: "+39 333 7654321", type: "mobile" }]);
      assert.equal(user.externalId, "ext-42");
      assert.equal(user.active, false);
    });
  });
}
