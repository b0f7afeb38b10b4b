import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { databaseKinds } from "../support/databases.ts";
import { openScimHarness, patchOp, type ScimHarness } from "./scim-client.ts";

// Microsoft Entra sends a group's membership changes side by side, one PATCH each: every one
// lands, none puts back the member list another one changed.

for (const kind of databaseKinds) {
  describe(`concurrent membership PATCHes on ${kind}`, () => {
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
  });
}
