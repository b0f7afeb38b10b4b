import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { setDirectory } from "../../src/directory/ldap/set-directory.ts";
import type { VarcoError } from "../../src/errors/varco-error.ts";
import type { SignInStep } from "../../src/sign-in/types.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { findUserByUpn } from "../../src/store/queries/users.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { csrfOf, formHeaders, html } from "../support/page-sign-in.ts";
import {
  disableLdif,
  personDn,
  schoolSettings,
  seedSchool,
  upnOf,
} from "../support/school-directory.ts";
import { signInWithPassword } from "../support/sign-in-events.ts";
import { findSlapd, type PrivateSlapd, startPrivateSlapd } from "../support/slapd.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Passwords checked by the tenant's OpenLDAP (a slapd of the test's own, over StartTLS with a
// CA the test made): the directory keeps the passwords, Varco the methods and the policy.

const found = findSlapd();
const client = { ip: "203.0.113.40", userAgent: "test-browser" };
const marioPassword = "primo-Sole-di-marzo";

describe("sign-in against an LDAP directory", {
  skip: "missing" in found ? found.missing : false,
}, () => {
  let slapd: PrivateSlapd;
  before(async () => {
    slapd = await startPrivateSlapd((found as { slapd: string }).slapd);
  });
  after(() => slapd.destroy());

  for (const kind of databaseKinds) {
    describe(`on ${kind}`, () => {
      let t: TestApp;
      const tag = kind;
      const mario = `mario-${tag}`;
      before(async () => {
        t = await openTestApp(kind);
        await seedSchool(
          slapd,
          tag,
          [
            { uid: mario, name: "Mario Rossi", password: marioPassword, mobile: "+39 333 1234567" },
            { uid: `anna-${tag}`, name: "Anna Verdi", password: "seconda-Luna-di-aprile" },
          ],
          { [`staff-${tag}`]: [mario] },
        );
        await setDirectory(t.ctx, testActor, t.tenant, schoolSettings(slapd, tag));
      });
      after(() => t.close());

      const signIn = async (upn: string, password: string) =>
        // The tenant as each request reads it: with its directory.
        signInWithPassword(t.ctx, { tenant: await findTenant(t.ctx), upn, password, client });
      const lastReason = async () => (await listSignIns(t.ctx.store.db, t.tenant.id, 1))[0]?.reason;

      test("the right password binds, and the first sign-in creates the user from the directory", async () => {
        assert.equal(await findUserByUpn(t.ctx.store.db, t.tenant.id, upnOf(mario)), undefined);
        const step = await signIn(upnOf(mario).toUpperCase(), marioPassword);
        // MFA is required of everyone by default: a new user registers a method first.
        assert.equal(step.kind, "register", JSON.stringify(step));
        const user = await findUserByUpn(t.ctx.store.db, t.tenant.id, upnOf(mario));
        assert.ok(user);
        assert.equal(user.displayName, "Mario Rossi");
        assert.equal(user.mail, upnOf(mario));
        assert.equal(user.mobilePhone, "+39 333 1234567");
        assert.equal(user.department, "Segreteria");
        // Varco keeps no password of a directory user.
        const row = await t.ctx.store.db
          .selectFrom("users")
          .select("password_hash")
          .where("id", "=", user.id)
          .executeTakeFirstOrThrow();
        assert.equal(row.password_hash, null);
      });

      test("a wrong password and an unknown user get the same answer; only the log tells them apart", async () => {
        const wrong = await signIn(upnOf(mario), "not-the-password");
        assert.equal(await lastReason(), "invalid_password");
        const unknown = await signIn(upnOf(`nobody-${tag}`), "not-the-password");
        assert.equal(await lastReason(), "user_not_found");
        const known = await signIn(upnOf(`anna-${tag}`), "not-the-password");
        assert.equal(await lastReason(), "invalid_password");
        const expected: SignInStep = { kind: "failed", reason: "invalid_credentials" };
        assert.deepEqual(wrong, expected);
        assert.deepEqual(unknown, expected);
        assert.deepEqual(known, expected);
        // Anna's wrong password created no user: only a right one does.
        assert.equal(
          await findUserByUpn(t.ctx.store.db, t.tenant.id, upnOf(`anna-${tag}`)),
          undefined,
        );
      });

      test("a filter in the UPN is a value, and an empty password is not an anonymous bind", async () => {
        for (const upn of ["*", `*)(uid=*`, `${mario}*`, `*)(|(mail=*`, "*@school.it"]) {
          assert.equal((await signIn(upn, marioPassword)).kind, "failed", upn);
          assert.equal(await lastReason(), "user_not_found", upn);
        }
        assert.equal((await signIn(upnOf(mario), "")).kind, "failed");
        assert.equal(await lastReason(), "invalid_password");
      });

      test("a password changed in the directory counts at the next sign-in: the old fails, the new works", async () => {
        const changed = "nuovo-Vento-di-maggio";
        await slapd.setPassword(personDn(slapd, tag, mario), changed);
        assert.equal((await signIn(upnOf(mario), marioPassword)).kind, "failed");
        assert.equal(await lastReason(), "invalid_password");
        assert.equal((await signIn(upnOf(mario), changed)).kind, "register");
      });

      test("an account disabled in the directory cannot sign in, before any sync; enabled again, it can", async () => {
        const anna = `anna-${tag}`;
        const password = "seconda-Luna-di-aprile";
        assert.equal((await signIn(upnOf(anna), password)).kind, "register");
        await slapd.modify(disableLdif(personDn(slapd, tag, anna), true));
        assert.deepEqual(await signIn(upnOf(anna), password), {
          kind: "failed",
          reason: "invalid_credentials",
        });
        assert.equal(await lastReason(), "directory_account_disabled");
        const blocked = await findUserByUpn(t.ctx.store.db, t.tenant.id, upnOf(anna));
        assert.equal(blocked?.blocked, true);
        assert.equal(blocked?.blockedReason, "Disabled in the directory");
        await slapd.modify(disableLdif(personDn(slapd, tag, anna), false));
        assert.equal((await signIn(upnOf(anna), password)).kind, "register");
        const unblocked = await findUserByUpn(t.ctx.store.db, t.tenant.id, upnOf(anna));
        assert.equal(unblocked?.blocked, false);
      });

      test("a password set in Varco for a directory user is refused: the directory keeps it", async () => {
        const { setPassword } = await import("../../src/directory/set-password.ts");
        const user = await findUserByUpn(t.ctx.store.db, t.tenant.id, upnOf(mario));
        assert.ok(user);
        await assert.rejects(
          setPassword(t.ctx, testActor, user, "quarta-Nuvola-di-luglio"),
          (error: VarcoError) => error.code === "password_kept_by_directory",
        );
        assert.equal((await signIn(upnOf(mario), "quarta-Nuvola-di-luglio")).kind, "failed");
        const row = await t.ctx.store.db
          .selectFrom("users")
          .select("password_hash")
          .where("id", "=", user.id)
          .executeTakeFirstOrThrow();
        assert.equal(row.password_hash, null);
      });

      test("an administrator's block in Varco holds whatever the directory says", async () => {
        const { setUserBlocked } = await import("../../src/directory/block-user.ts");
        const user = await findUserByUpn(t.ctx.store.db, t.tenant.id, upnOf(`anna-${tag}`));
        assert.ok(user);
        await setUserBlocked(t.ctx, testActor, user, { blocked: true, reason: "phone stolen" });
        assert.equal((await signIn(upnOf(`anna-${tag}`), "seconda-Luna-di-aprile")).kind, "failed");
        assert.equal(await lastReason(), "user_blocked");
        const still = await findUserByUpn(t.ctx.store.db, t.tenant.id, upnOf(`anna-${tag}`));
        assert.equal(still?.blockedReason, "phone stolen");
      });
    });
  }

  describe("when the directory cannot be trusted or reached", () => {
    let t: TestApp;
    let server: Awaited<ReturnType<typeof buildTestServer>>;
    const tag = "down";
    const carla = `carla-${tag}`;
    const password = "terza-Stella-di-giugno";
    before(async () => {
      t = await openTestApp("sqlite");
      server = await buildTestServer(t.ctx);
      await seedSchool(slapd, tag, [{ uid: carla, name: "Carla Bianchi", password }], {});
    });
    after(async () => {
      await server.close();
      await t.close();
    });
    const signIn = async () =>
      signInWithPassword(t.ctx, {
        tenant: await findTenant(t.ctx),
        upn: upnOf(carla),
        password,
        client,
      });
    const refusedAsUnavailable = async (detail: RegExp) => {
      const before = (await listSignIns(t.ctx.store.db, t.tenant.id, 1000)).length;
      await assert.rejects(signIn(), (error: VarcoError) => {
        assert.equal(error.code, "directory_unavailable");
        assert.match(error.detail ?? "", detail);
        return true;
      });
      const log = await listSignIns(t.ctx.store.db, t.tenant.id, 1000);
      assert.equal(log.length, before + 1);
      assert.equal(log[0]?.reason, "directory_unavailable");
      assert.equal(log[0]?.result, "failure");
    };

    test("a certificate from an authority the tenant does not trust refuses the sign-in", async () => {
      await setDirectory(t.ctx, testActor, t.tenant, schoolSettings(slapd, tag, { caPem: null }));
      await refusedAsUnavailable(/certificate/i);
      await setDirectory(t.ctx, testActor, t.tenant, {
        ...schoolSettings(slapd, tag, { url: slapd.ldapsUrl, startTls: false }),
      });
      assert.equal((await signIn()).kind, "register");
    });

    test("a service account the directory refuses refuses the sign-in", async () => {
      await setDirectory(t.ctx, testActor, t.tenant, {
        ...schoolSettings(slapd, tag),
        bindPassword: "not-the-service-password",
      });
      await refusedAsUnavailable(/service account/);
      await setDirectory(t.ctx, testActor, t.tenant, schoolSettings(slapd, tag));
    });

    test("a directory that is down refuses the sign-in, says why on the page and in the API, and logs it", async () => {
      assert.equal((await signIn()).kind, "register");
      await slapd.stop();
      try {
        await refusedAsUnavailable(/ECONNREFUSED|connect/i);
        const api = await browserLike(server).json("POST", "/api/v1/sign-in", {
          upn: upnOf(carla),
          password,
        });
        assert.equal(api.statusCode, 503);
        assert.equal(api.json().error.code, "directory_unavailable");
        const browser = browserLike(server, { ...html, "accept-language": "it" });
        const token = csrfOf((await browser.request({ url: "/sign-in" })).body);
        const page = await browser.request({
          method: "POST",
          url: "/sign-in",
          headers: { ...formHeaders, "accept-language": "it" },
          payload: new URLSearchParams({ _csrf: token, upn: upnOf(carla), password }).toString(),
        });
        assert.equal(page.statusCode, 503);
        assert.match(page.body, /La directory degli utenti non è raggiungibile/);
        assert.doesNotMatch(page.body, new RegExp(password));
      } finally {
        await slapd.start();
      }
      assert.equal((await signIn()).kind, "register");
    });
  });
});
