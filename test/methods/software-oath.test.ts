import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createUser } from "../../src/directory/create-user.ts";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { removeMethod } from "../../src/methods/remove-method.ts";
import { activateSoftwareOath } from "../../src/methods/software-oath/activate.ts";
import { enrolSoftwareOath } from "../../src/methods/software-oath/enrol.ts";
import { encodeBase32 } from "../../src/otp/base32.ts";
import { parseOtpauthUri } from "../../src/otp/otpauth-uri.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listMethods } from "../../src/store/queries/methods.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

for (const kind of databaseKinds) {
  describe(`authenticator app enrolment on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(() => t.close());

    test("enrol gives a pending method, its key once, and an otpauth URI with the tenant as issuer", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "Enrol@Example.it" });
      const enrolment = await enrolSoftwareOath(t.ctx, testActor, t.tenant, user, {
        label: "phone_1",
      });
      assert.equal(enrolment.method.state, "pending");
      const uri = parseOtpauthUri(enrolment.otpauthUri);
      assert.equal(uri.issuer, t.tenant.displayName);
      assert.equal(uri.account, "Enrol@Example.it");
      assert.equal(encodeBase32(uri.secret), enrolment.secret);
      assert.equal(uri.secret.length, 20, "SHA1 seeds are 20 bytes");
      const [method] = await listMethods(t.ctx.store.db, user.id);
      assert.equal(method?.state, "pending");
      assert.equal(method?.label, "phone_1");
      assert.equal(method?.isDefault, false);
    });

    test("one name, one method: an abandoned enrolment is replaced, an active name is refused", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "names@example.it" });
      const enrol = (label?: string) =>
        enrolSoftwareOath(t.ctx, testActor, t.tenant, user, label === undefined ? {} : { label });
      const abandoned = await enrol("phone");
      const again = await enrol("phone");
      let methods = await listMethods(t.ctx.store.db, user.id);
      assert.deepEqual(
        methods.map((m) => [m.id, m.label, m.state]),
        [[again.method.id, "phone", "pending"]],
        "the abandoned one is gone",
      );
      const [newest] = await listAudit(t.ctx.store.db, t.tenant.id, 2);
      assert.equal(newest?.action, "Register authenticator app");
      const replaced = (await listAudit(t.ctx.store.db, t.tenant.id, 2))[1];
      assert.deepEqual(
        [replaced?.action, replaced?.target_id],
        ["Delete authentication method", abandoned.method.id],
      );
      const code = await oathtoolTotp(again.secret, { timeMs: t.clock.now() });
      await activateSoftwareOath(t.ctx, testActor, t.tenant, user, {
        methodId: again.method.id,
        code,
      });
      const audited = (await listAudit(t.ctx.store.db, t.tenant.id, 1000)).length;
      await assert.rejects(enrol("phone"), (e) => isVarcoError(e, "label_in_use"));
      methods = await listMethods(t.ctx.store.db, user.id);
      assert.deepEqual(
        methods.map((m) => [m.label, m.state]),
        [["phone", "active"]],
      );
      assert.equal((await listAudit(t.ctx.store.db, t.tenant.id, 1000)).length, audited);
      // Without a label, the first free default name.
      assert.equal((await enrol()).method.label, "Authenticator");
      assert.equal((await enrol()).method.label, "Authenticator", "the pending one is replaced");
      assert.equal((await listMethods(t.ctx.store.db, user.id)).length, 2);
    });

    test("two enrolments of one name at once leave one method", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "twice@example.it" });
      const both = await Promise.allSettled(
        Array.from({ length: 4 }, () =>
          enrolSoftwareOath(t.ctx, testActor, t.tenant, user, { label: "tablet" }),
        ),
      );
      assert.ok(both.every((r) => r.status === "fulfilled"));
      const methods = await listMethods(t.ctx.store.db, user.id);
      assert.deepEqual(
        methods.map((m) => m.label),
        ["tablet"],
      );
    });

    test("a wrong code leaves the method pending and counts a failure; a current code activates it", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "activate@example.it" });
      const { method, secret } = await enrolSoftwareOath(t.ctx, testActor, t.tenant, user, {
        parameters: { algorithm: "SHA512", digits: 8, period: 60 },
      });
      const code = await oathtoolTotp(secret, {
        timeMs: t.clock.now(),
        algorithm: "SHA512",
        digits: 8,
        period: 60,
      });
      const wrong = String((Number(code) + 1) % 100_000_000).padStart(8, "0");
      await assert.rejects(
        activateSoftwareOath(t.ctx, testActor, t.tenant, user, {
          methodId: method.id,
          code: wrong,
        }),
        (e) => isVarcoError(e, "invalid_code"),
      );
      let [stored] = await listMethods(t.ctx.store.db, user.id);
      assert.equal(stored?.state, "pending");
      assert.equal(stored?.failedAttempts, 1);

      await activateSoftwareOath(t.ctx, testActor, t.tenant, user, { methodId: method.id, code });
      [stored] = await listMethods(t.ctx.store.db, user.id);
      assert.equal(stored?.state, "active");
      assert.equal(stored?.isDefault, true, "the first active method becomes the default");
      assert.equal(stored?.failedAttempts, 0);
      await assert.rejects(
        activateSoftwareOath(t.ctx, testActor, t.tenant, user, { methodId: method.id, code }),
        (e) => isVarcoError(e, "method_not_pending"),
      );
    });

    test("a code outside the window does not activate", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "window@example.it" });
      const { method, secret } = await enrolSoftwareOath(t.ctx, testActor, t.tenant, user, {});
      const stale = await oathtoolTotp(secret, { timeMs: t.clock.now() - 3 * 30_000 });
      await assert.rejects(
        activateSoftwareOath(t.ctx, testActor, t.tenant, user, {
          methodId: method.id,
          code: stale,
        }),
        (e) => isVarcoError(e, "invalid_code"),
      );
    });

    test("labels follow seed 004: at most 20 letters, digits, _ or -", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "labels@example.it" });
      for (const label of ["", "a".repeat(21), "my phone", "telefono!", "<script>"]) {
        await assert.rejects(
          enrolSoftwareOath(t.ctx, testActor, t.tenant, user, { label }),
          (e) => isVarcoError(e, "invalid_label"),
          label,
        );
      }
      await enrolSoftwareOath(t.ctx, testActor, t.tenant, user, { label: "A".repeat(20) });
    });

    test("at most 5 OATH methods per user, even when 8 enrolments race", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "limit@example.it" });
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          enrolSoftwareOath(t.ctx, testActor, t.tenant, user, { label: `app${i}` }),
        ),
      );
      assert.equal(results.filter((r) => r.status === "fulfilled").length, 5);
      for (const r of results) {
        if (r.status === "rejected") assert.ok(isVarcoError(r.reason, "method_limit_reached"));
      }
      assert.equal((await listMethods(t.ctx.store.db, user.id)).length, 5);
    });

    test("removing the default method makes the next active one the default; each step is audited", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "remove@example.it" });
      const ids: string[] = [];
      for (const label of ["first", "second"]) {
        const { method, secret } = await enrolSoftwareOath(t.ctx, testActor, t.tenant, user, {
          label,
        });
        const code = await oathtoolTotp(secret, { timeMs: t.clock.now() });
        await activateSoftwareOath(t.ctx, testActor, t.tenant, user, { methodId: method.id, code });
        ids.push(method.id);
      }
      await removeMethod(t.ctx, testActor, user, ids[0] as string);
      const methods = await listMethods(t.ctx.store.db, user.id);
      assert.deepEqual(
        methods.map((m) => [m.id, m.isDefault]),
        [[ids[1], true]],
      );
      await assert.rejects(removeMethod(t.ctx, testActor, user, ids[0] as string), (e) =>
        isVarcoError(e, "method_not_found"),
      );
      const actions = (await listAudit(t.ctx.store.db, t.tenant.id, 1000))
        .filter((a) => a.target_id === ids[0] || a.target_id === user.id)
        .map((a) => a.action)
        .reverse();
      assert.deepEqual(actions, [
        "Add user",
        "Register authenticator app",
        "Activate authenticator app",
        "Delete authentication method",
      ]);
    });
  });
}
