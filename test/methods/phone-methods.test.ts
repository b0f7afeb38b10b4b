import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createUser } from "../../src/directory/create-user.ts";
import { deleteUser } from "../../src/directory/delete-user.ts";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { removePhoneMethod } from "../../src/methods/phone/delete-phone-method.ts";
import { updatePhoneMethod } from "../../src/methods/phone/update-phone-method.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listPhoneMethods } from "../../src/store/queries/phone-methods.ts";
import { databaseKinds } from "../support/databases.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

for (const kind of databaseKinds) {
  describe(`a user's phones, one of each type, on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(async () => {
      await t.close();
    });

    const newUser = (upn: string) =>
      createUser(t.ctx, testActor, t.tenant, { upn, password: "a long password 42" });
    const phonesOf = async (userId: string) =>
      (await listPhoneMethods(t.ctx.store.db, userId)).map((p) => [p.phoneType, p.phoneNumber]);
    const auditOf = async (action: string) =>
      (await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).filter((a) => a.action === action);
    const refused = async (work: Promise<unknown>, code: string) =>
      assert.rejects(work, (e) => isVarcoError(e) && e.code === code);

    test("three phones, one of each type; a second of a type, a bad number or type change nothing", async () => {
      const user = await newUser("tre.telefoni@example.it");
      await addPhoneMethod(t.ctx, testActor, user, {
        phoneType: "office",
        phoneNumber: "+39 02 1234 5678 ext. 12",
      });
      await addPhoneMethod(t.ctx, testActor, user, {
        phoneType: "mobile",
        phoneNumber: "+39 333 123 4567",
      });
      await addPhoneMethod(t.ctx, testActor, user, {
        phoneType: "alternateMobile",
        phoneNumber: "+44 7911 123456",
      });
      const three = [
        ["mobile", "+39 3331234567"],
        ["alternateMobile", "+44 7911123456"],
        ["office", "+39 0212345678"],
      ];
      assert.deepEqual(await phonesOf(user.id), three);
      const audited = (await auditOf("Add phone method")).length;

      const mobile = { phoneType: "mobile", phoneNumber: "+39 347 000 1111" };
      await refused(addPhoneMethod(t.ctx, testActor, user, mobile), "phone_type_taken");
      const fax = { phoneType: "fax", phoneNumber: "+39 347 000 1111" };
      await refused(addPhoneMethod(t.ctx, testActor, user, fax), "invalid_phone_type");
      await refused(
        updatePhoneMethod(t.ctx, testActor, user, { phoneType: "mobile", phoneNumber: "+39 12" }),
        "invalid_phone_number",
      );
      await refused(
        updatePhoneMethod(t.ctx, testActor, user, { phoneType: "mobile", phoneNumber: "3331" }),
        "phone_country_code_required",
      );
      assert.deepEqual(await phonesOf(user.id), three, "nothing changed");
      assert.equal((await auditOf("Add phone method")).length, audited, "nothing audited");
    });

    test("change and remove are audited, the number masked; a phone not there is not found", async () => {
      const user = await newUser("cambia.telefono@example.it");
      await addPhoneMethod(t.ctx, testActor, user, {
        phoneType: "mobile",
        phoneNumber: "+39 333 123 4567",
      });
      await updatePhoneMethod(t.ctx, testActor, user, {
        phoneType: "mobile",
        phoneNumber: "+1 212 555 0123",
      });
      assert.deepEqual(await phonesOf(user.id), [["mobile", "+1 2125550123"]]);
      const [changed] = (await auditOf("Update phone method")).filter((a) =>
        a.details_json.includes(user.upn),
      );
      assert.ok(changed);
      assert.deepEqual(JSON.parse(changed.details_json), {
        upn: user.upn,
        phoneType: "mobile",
        before: "+39 ••• •••• 67",
        after: "+1 ••• •••• 23",
      });
      await removePhoneMethod(t.ctx, testActor, user, "mobile");
      assert.deepEqual(await phonesOf(user.id), []);
      const removed = (await auditOf("Delete phone method")).filter((a) =>
        a.details_json.includes(user.upn),
      );
      assert.equal(removed.length, 1);
      assert.doesNotMatch(removed[0]?.details_json ?? "", /2125550123/);
      await refused(removePhoneMethod(t.ctx, testActor, user, "mobile"), "phone_method_not_found");
      await refused(
        updatePhoneMethod(t.ctx, testActor, user, {
          phoneType: "office",
          phoneNumber: "+39 333 123 4567",
        }),
        "phone_method_not_found",
      );
    });

    test("two additions of the same type at once end with one phone and one audit entry", async () => {
      const user = await newUser("due.insieme@example.it");
      const other = kind === "postgres" ? (await t.openSibling()).ctx : t.ctx;
      const results = await Promise.allSettled([
        addPhoneMethod(t.ctx, testActor, user, {
          phoneType: "mobile",
          phoneNumber: "+39 333 123 4567",
        }),
        addPhoneMethod(other, testActor, user, {
          phoneType: "mobile",
          phoneNumber: "+39 347 765 4321",
        }),
      ]);
      const lost = results.filter((r) => r.status === "rejected");
      assert.equal(lost.length, 1, JSON.stringify(results));
      assert.ok(isVarcoError(lost[0]?.reason, "phone_type_taken"), String(lost[0]?.reason));
      assert.equal((await phonesOf(user.id)).length, 1);
      const entries = (await auditOf("Add phone method")).filter((a) =>
        a.details_json.includes(user.upn),
      );
      assert.equal(entries.length, 1);
    });

    test("deleting the user deletes their phones", async () => {
      const user = await newUser("se.ne.va@example.it");
      await addPhoneMethod(t.ctx, testActor, user, {
        phoneType: "office",
        phoneNumber: "+39 06 4567 8901",
      });
      await deleteUser(t.ctx, testActor, user);
      const rows = await t.ctx.store.db
        .selectFrom("phone_methods")
        .selectAll()
        .where("user_id", "=", user.id)
        .execute();
      assert.deepEqual(rows, []);
    });
  });
}
