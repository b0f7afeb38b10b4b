import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findUser } from "../../src/directory/find-user.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInWithPassword } from "../support/sign-in-events.ts";
import { testPassword } from "../support/sign-in-user.ts";
import { assertScimError, openScimHarness, patchOp, type ScimHarness } from "./scim-client.ts";

// A user SCIM creates without a password has none (they start with a Temporary Access Pass); a
// `password` SCIM sends passes Varco's password rules or changes nothing.

const client = { ip: "192.0.2.20", userAgent: "test" };

for (const kind of databaseKinds) {
  describe(`passwords set over SCIM on ${kind}`, () => {
    let h: ScimHarness;
    before(async () => {
      h = await openScimHarness(kind);
    });
    after(() => h.close());

    const signIn = (upn: string, password: string) =>
      signInWithPassword(h.t.ctx, { tenant: h.tenant, upn, password, client });

    test("no password: no password sign-in; a weak one is refused whole; a good one signs in", async () => {
      const created = await h.scim("POST", "/Users", { userName: "lucia@school.it" });
      const id = String(created.body.id);
      assert.equal((await signIn("lucia@school.it", testPassword)).kind, "failed");
      for (const weak of ["short", "password123", "lucia@school.it1"]) {
        assertScimError(
          await h.scim("PATCH", `/Users/${id}`, {
            schemas: [patchOp],
            Operations: [
              { op: "replace", path: "displayName", value: "Lucia Bianchi" },
              { op: "replace", path: "password", value: weak },
            ],
          }),
          400,
          "invalidValue",
          weak === "short" ? "invalid_password" : "password_too_guessable",
        );
      }
      assert.equal(
        (await findUser(h.t.ctx, h.tenant, "lucia@school.it")).displayName,
        "lucia@school.it",
      );
      const set = await h.scim("PATCH", `/Users/${id}`, {
        schemas: [patchOp],
        Operations: [{ op: "replace", path: "password", value: testPassword }],
      });
      assert.equal(set.status, 200);
      assert.equal(set.body.password, undefined);
      assert.notEqual((await signIn("lucia@school.it", testPassword)).kind, "failed");
      assertScimError(
        await h.scim("POST", "/Users", { userName: "marco@school.it", password: "qwerty123" }),
        400,
        "invalidValue",
        "password_too_guessable",
      );
      assert.equal(
        (
          await h.scim(
            "GET",
            `/Users?filter=${encodeURIComponent('userName eq "marco@school.it"')}`,
          )
        ).body.totalResults,
        0,
      );
    });
  });
}
