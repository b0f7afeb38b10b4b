import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { User } from "../../src/directory/types.ts";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { removePhoneMethod } from "../../src/methods/phone/delete-phone-method.ts";
import { updatePhoneMethod } from "../../src/methods/phone/update-phone-method.ts";
import { chooseDefaultMethod } from "../../src/methods/set-default-method.ts";
import { setPreferredMethod } from "../../src/methods/set-preferred-method.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { findMethod } from "../../src/store/queries/methods.ts";
import { findUserById } from "../../src/store/queries/users.ts";
import { databaseKinds } from "../support/databases.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Graph's signInPreferences: the default method can be one of the user's phones.
for (const kind of databaseKinds) {
  describe(`the default method can be a phone, on ${kind}`, () => {
    let t: TestApp;
    let n = 0;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(async () => {
      await t.close();
    });

    const preferenceOf = async (user: User) =>
      (await findUserById(t.ctx.store.db, user.id))?.preferredPhoneMethod;
    const refused = (work: Promise<unknown>, code: string) =>
      assert.rejects(work, (e) => isVarcoError(e) && e.code === code);
    /** A user with an app, a mobile and an office phone. */
    const withPhones = async () => {
      n += 1;
      const person = await createSignInUser(t, `predefinito${n}@example.it`);
      await addPhoneMethod(t.ctx, testActor, person.user, {
        phoneType: "mobile",
        phoneNumber: "+39 333 123 4567",
      });
      await addPhoneMethod(t.ctx, testActor, person.user, {
        phoneType: "office",
        phoneNumber: "+39 02 1234 5678",
      });
      return person;
    };

    test("a phone becomes the default, audited with the number masked; null is the app again", async () => {
      const { user } = await withPhones();
      assert.equal(await preferenceOf(user), null);
      await setPreferredMethod(t.ctx, testActor, user, "sms:mobile");
      assert.equal(await preferenceOf(user), "sms:mobile");
      await setPreferredMethod(t.ctx, testActor, user, "voice:office");
      assert.equal(await preferenceOf(user), "voice:office");
      const entries = (await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).filter(
        (a) =>
          a.action === "Set default authentication method" && a.details_json.includes(user.upn),
      );
      assert.equal(entries.length, 2);
      assert.deepEqual(
        entries.map((e) => e.target_id),
        ["voice:office", "sms:mobile"],
      );
      assert.ok(
        entries.every((e) => !e.details_json.includes("1234567")),
        "numbers masked",
      );
      assert.ok(entries.some((e) => e.details_json.includes("+39 ••• •••• 78")));
      await setPreferredMethod(t.ctx, testActor, user, null);
      assert.equal(await preferenceOf(user), null);
    });

    test("an office phone for SMS, a phone the user does not have and an unknown value are refused and change nothing", async () => {
      const { user } = await withPhones();
      await setPreferredMethod(t.ctx, testActor, user, "voice:mobile");
      await refused(
        setPreferredMethod(t.ctx, testActor, user, "sms:office"),
        "preferred_sms_office",
      );
      await refused(
        setPreferredMethod(t.ctx, testActor, user, "sms:alternateMobile"),
        "preferred_phone_not_found",
      );
      await refused(
        setPreferredMethod(t.ctx, testActor, user, "voice:alternateMobile"),
        "preferred_phone_not_found",
      );
      for (const bad of ["push", "sms:", "voice:home", "sms:mobile ", "", "SMS:MOBILE"])
        await refused(setPreferredMethod(t.ctx, testActor, user, bad), "invalid_preferred_method");
      assert.equal(await preferenceOf(user), "voice:mobile");
    });

    test("choosing an app as default clears the phone preference", async () => {
      const { user, methodId } = await withPhones();
      await setPreferredMethod(t.ctx, testActor, user, "sms:mobile");
      await chooseDefaultMethod(t.ctx, testActor, user, methodId);
      assert.equal(await preferenceOf(user), null);
      assert.equal((await findMethod(t.ctx.store.db, user.id, methodId))?.isDefault, true);
    });

    test("deleting the phone lets the preference fall back to the app; deleting another keeps it", async () => {
      const { user } = await withPhones();
      await setPreferredMethod(t.ctx, testActor, user, "voice:mobile");
      await removePhoneMethod(t.ctx, testActor, user, "office");
      assert.equal(await preferenceOf(user), "voice:mobile");
      await removePhoneMethod(t.ctx, testActor, user, "mobile");
      assert.equal(await preferenceOf(user), null);
    });

    test("a mobile changed to a fixed line can no longer be the default for SMS, still for calls", async () => {
      const sms = (await withPhones()).user;
      await setPreferredMethod(t.ctx, testActor, sms, "sms:mobile");
      await updatePhoneMethod(t.ctx, testActor, sms, {
        phoneType: "mobile",
        phoneNumber: "+39 347 765 4321",
      });
      assert.equal(await preferenceOf(sms), "sms:mobile", "another mobile number: kept");
      await updatePhoneMethod(t.ctx, testActor, sms, {
        phoneType: "mobile",
        phoneNumber: "+39 06 6982 1234",
      });
      assert.equal(await preferenceOf(sms), null);
      const voice = (await withPhones()).user;
      await setPreferredMethod(t.ctx, testActor, voice, "voice:mobile");
      await updatePhoneMethod(t.ctx, testActor, voice, {
        phoneType: "mobile",
        phoneNumber: "+39 06 6982 1234",
      });
      assert.equal(await preferenceOf(voice), "voice:mobile");
    });
  });
}
