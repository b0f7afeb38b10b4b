import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { Client, InvalidCredentialsError } from "ldapts";
import { createUser } from "../../src/directory/create-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { setDirectory } from "../../src/directory/ldap/set-directory.ts";
import type { DirectorySettings } from "../../src/directory/ldap/settings.ts";
import { unicodePwdValue } from "../../src/directory/ldap/unicode-pwd.ts";
import { writeDirectoryPassword } from "../../src/directory/ldap/write-directory-password.ts";
import type { User } from "../../src/directory/types.ts";
import type { VarcoError } from "../../src/errors/varco-error.ts";
import { activateSoftwareOath } from "../../src/methods/software-oath/activate.ts";
import { enrolSoftwareOath } from "../../src/methods/software-oath/enrol.ts";
import { findUserByUpn } from "../../src/store/queries/users.ts";
import { setPolicy, startReset } from "../password-reset/support.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { formHeaders, signInToPages } from "../support/page-sign-in.ts";
import { personDn, schoolSettings, seedSchool, upnOf } from "../support/school-directory.ts";
import { testPassword } from "../support/sign-in-user.ts";
import { findSlapd, hasPpolicy, type PrivateSlapd, startPrivateSlapd } from "../support/slapd.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// For a tenant whose passwords live in its directory, a new password (the user's own
// change on Security info, a reset) is written to the directory: the Password Modify operation
// (RFC 3062) for OpenLDAP, a modify of unicodePwd for Active Directory. The test's slapd runs the
// ppolicy overlay, whose refusal the user reads in the directory's own words.

const found = findSlapd();
const skip = "missing" in found ? found.missing : hasPpolicy() ? false : "no ppolicy overlay";
const minLength = 16;
/** Passes Varco's rules (8 characters, not guessable) but not the directory's (16). */
const tooShortForTheDirectory = "Vq8#tLz2!mRw";
const newPassword = "tramonto lento sul porto di Livorno";

// Active Directory's unicodePwd, declared for slapd so that the modify Varco sends to AD can be
// read back: an octet string that a delete must match, as AD's does. It stands in for AD's wire
// format only; AD's own rules for the attribute are AD's.
const unicodePwdSchema = `attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'unicodePwd'
  EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )`;

describe("a new password written to the tenant's directory", { skip }, () => {
  let slapd: PrivateSlapd;
  before(async () => {
    slapd = await startPrivateSlapd((found as { slapd: string }).slapd, {
      passwordPolicy: { minLength },
      // Each tenant's service account may reset its users' passwords.
      passwordWriters: "^cn=varco-[^,]+,dc=school,dc=it$",
      schema: unicodePwdSchema,
      passwordAttributes: ["unicodePwd"],
    });
  });
  after(() => slapd.destroy());

  /** Whether a simple bind as `dn` with `password` succeeds against the test's slapd. */
  const binds = async (dn: string, password: string) => {
    const client = new Client({ url: slapd.ldapUrl });
    try {
      await client.startTLS({ ca: [slapd.caPem], host: "127.0.0.1" });
      await client.bind(dn, password);
      return true;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return false;
      throw error;
    } finally {
      await client.unbind().catch(() => undefined);
    }
  };

  /** The entry's unicodePwd as the administrator reads it. */
  const unicodePwdOf = async (dn: string) => {
    const client = new Client({ url: slapd.ldapUrl });
    try {
      await client.startTLS({ ca: [slapd.caPem], host: "127.0.0.1" });
      await client.bind(slapd.adminDn, slapd.adminPassword);
      const { searchEntries } = await client.search(dn, {
        scope: "base",
        attributes: ["unicodePwd"],
        explicitBufferAttributes: ["unicodePwd"],
      });
      return searchEntries[0]?.unicodePwd as Buffer | undefined;
    } finally {
      await client.unbind().catch(() => undefined);
    }
  };

  for (const kind of databaseKinds) {
    describe(`on ${kind}`, () => {
      let t: TestApp;
      let server: FastifyInstance;
      const tag = `write-${kind}`;
      const dnOf = (uid: string) => personDn(slapd, tag, uid);
      const people = ["mario", "anna", "luca", "carla", "paolo", "giulia", "sara"].map(
        (name) => `${name}-${kind}`,
      );
      before(async () => {
        t = await openTestApp(kind);
        server = await buildTestServer(t.ctx);
        await seedSchool(
          slapd,
          tag,
          people.map((uid) => ({ uid, name: `Persona ${uid}`, password: testPassword })),
          {},
        );
        await setDirectory(t.ctx, testActor, t.tenant, schoolSettings(slapd, tag));
      });
      after(async () => {
        await server.close();
        await t.close();
      });

      /** A directory user Varco knows, with an authenticator app: they can sign in to the pages. */
      const directoryUser = async (uid: string) => {
        const user = await createUser(t.ctx, testActor, t.tenant, { upn: upnOf(uid) });
        const { method, secret } = await enrolSoftwareOath(t.ctx, testActor, t.tenant, user, {
          label: "phone",
        });
        const code = await oathtoolTotp(secret, { timeMs: t.clock.now() });
        await activateSoftwareOath(t.ctx, testActor, t.tenant, user, {
          methodId: method.id,
          code,
        });
        t.clock.advance(30_000);
        const pages = await signInToPages(t, server, {
          user,
          upn: user.upn,
          secret,
          methodId: method.id,
          backupCodes: [],
        });
        return { user, pages, secret };
      };
      const changeOwn = (
        pages: Awaited<ReturnType<typeof directoryUser>>["pages"],
        password: string,
        lang = "en",
      ) =>
        pages.browser.request({
          method: "POST",
          url: "/security-info/password",
          headers: { ...formHeaders, "accept-language": lang },
          payload: new URLSearchParams({
            _csrf: pages.browser.jar.get("varco_csrf") ?? "",
            currentPassword: testPassword,
            newPassword: password,
            repeatedPassword: password,
          }).toString(),
        });
      const passwordHashOf = async (user: User) =>
        (
          await t.ctx.store.db
            .selectFrom("users")
            .select("password_hash")
            .where("id", "=", user.id)
            .executeTakeFirstOrThrow()
        ).password_hash;

      test("the user changes their own password on Security info: the directory has the new one, the old no longer binds", async () => {
        const mario = people[0] as string;
        const { user, pages } = await directoryUser(mario);
        const info = await pages.get("/security-info");
        assert.match(info.body, /href="\/security-info\/password"/, "the link is there");
        const form = await pages.get("/security-info/password");
        assert.equal(form.statusCode, 200);
        assert.match(form.body, /kept by your organisation&#39;s directory/);
        const done = await changeOwn(pages, newPassword);
        assert.deepEqual(
          [done.statusCode, done.headers.location],
          [303, "/security-info?notice=password_changed"],
        );
        assert.equal(await binds(dnOf(mario), newPassword), true, "the new password binds");
        assert.equal(await binds(dnOf(mario), testPassword), false, "the old one does not");
        assert.equal(await passwordHashOf(user), null, "Varco keeps nothing of it");
        const audit = await t.ctx.store.db
          .selectFrom("audit_log")
          .select(["action", "details_json"])
          .where("action", "=", "Change password")
          .where("target_id", "=", user.id)
          .execute();
        assert.equal(audit.length, 1);
        assert.doesNotMatch(String(audit[0]?.details_json), /tramonto|correct horse/);
      });

      test("a password the directory's policy refuses: its reason on the page, in English and Italian, and nothing changes", async () => {
        const anna = people[1] as string;
        const { user, pages } = await directoryUser(anna);
        const refused = await changeOwn(pages, tooShortForTheDirectory);
        assert.equal(refused.statusCode, 400);
        assert.match(
          refused.body,
          /Your organisation&#39;s directory refused the new password\. Its reason: Password fails quality checking policy/,
        );
        const rifiutata = await changeOwn(pages, tooShortForTheDirectory, "it");
        assert.equal(rifiutata.statusCode, 400);
        assert.match(
          rifiutata.body,
          /La directory della tua organizzazione ha rifiutato la nuova password\. Il motivo: Password fails quality checking policy/,
        );
        assert.equal(await binds(dnOf(anna), testPassword), true, "the password is unchanged");
        assert.equal(await binds(dnOf(anna), tooShortForTheDirectory), false);
        assert.equal(await passwordHashOf(user), null);
        const audit = await t.ctx.store.db
          .selectFrom("audit_log")
          .select("id")
          .where("action", "=", "Change password")
          .where("target_id", "=", user.id)
          .execute();
        assert.equal(audit.length, 0, "no change, no entry");
      });

      test("a reset writes the password as the service account, without the current one; the policy holds there too", async () => {
        const luca = people[2] as string;
        const tenant = await findTenant(t.ctx);
        const user = await createUser(t.ctx, testActor, t.tenant, { upn: upnOf(luca) });
        await assert.rejects(
          writeDirectoryPassword(t.ctx, tenant, user, tooShortForTheDirectory),
          (error: VarcoError) => {
            assert.equal(error.code, "directory_refused_password");
            assert.equal(error.detail, "Password fails quality checking policy");
            return true;
          },
        );
        assert.equal(await binds(dnOf(luca), testPassword), true);
        await writeDirectoryPassword(t.ctx, tenant, user, newPassword);
        assert.equal(await binds(dnOf(luca), newPassword), true);
        assert.equal(await binds(dnOf(luca), testPassword), false);
      });

      test("a current password the directory does not take is wrong, and nothing is written", async () => {
        const carla = people[3] as string;
        const tenant = await findTenant(t.ctx);
        const user = await createUser(t.ctx, testActor, t.tenant, { upn: upnOf(carla) });
        for (const currentPassword of ["not the password", ""]) {
          await assert.rejects(
            writeDirectoryPassword(t.ctx, tenant, user, newPassword, { currentPassword }),
            (error: VarcoError) => error.code === "wrong_current_password",
          );
        }
        assert.equal(await binds(dnOf(carla), testPassword), true);
        const stranger = { ...user, upn: upnOf(`nobody-${kind}`) };
        await assert.rejects(
          writeDirectoryPassword(t.ctx, tenant, stranger, newPassword),
          (error: VarcoError) => error.code === "user_not_found",
        );
      });

      test("Active Directory: unicodePwd, the quoted password in UTF-16LE; delete and add as the user, replace on a reset", async () => {
        const paolo = people[4] as string;
        const dn = dnOf(paolo);
        await slapd.modify(
          `dn: ${dn}\nchangetype: modify\nadd: objectClass\nobjectClass: extensibleObject\n-\nadd: unicodePwd\nunicodePwd:: ${unicodePwdValue(testPassword).toString("base64")}\n`,
        );
        await setDirectory(
          t.ctx,
          testActor,
          t.tenant,
          schoolSettings(slapd, tag, { kind: "activeDirectory" }),
        );
        try {
          const tenant = await findTenant(t.ctx);
          const user = await createUser(t.ctx, testActor, t.tenant, { upn: upnOf(paolo) });
          // The user's own change: the delete names the current value, which must be the one kept.
          await writeDirectoryPassword(t.ctx, tenant, user, newPassword, {
            currentPassword: testPassword,
          });
          assert.deepEqual(await unicodePwdOf(dn), Buffer.from(`"${newPassword}"`, "utf16le"));
          const reset = "pàssword-Ünïcode-😀-lunga";
          await writeDirectoryPassword(t.ctx, tenant, user, reset);
          assert.deepEqual(await unicodePwdOf(dn), Buffer.from(`"${reset}"`, "utf16le"));
        } finally {
          await setDirectory(t.ctx, testActor, t.tenant, schoolSettings(slapd, tag));
        }
      });

      test("a directory that cannot be reached: the page says so, and the write is directory_unavailable", async () => {
        const giulia = people[5] as string;
        const { pages } = await directoryUser(giulia);
        const tenant = await findTenant(t.ctx);
        const user = await findUserByUpn(t.ctx.store.db, t.tenant.id, upnOf(giulia));
        assert.ok(user);
        await slapd.stop();
        try {
          const page = await changeOwn(pages, newPassword);
          assert.equal(page.statusCode, 503);
          assert.match(page.body, /The user directory cannot be reached/);
          await assert.rejects(
            writeDirectoryPassword(t.ctx, tenant, user, newPassword),
            (error: VarcoError) => error.code === "directory_unavailable",
          );
        } finally {
          await slapd.start();
        }
        assert.equal(await binds(dnOf(giulia), testPassword), true, "nothing changed");
      });

      test("over plain ldap:// nothing is sent: unicodePwd is refused with a clear error", async () => {
        const mario = people[0] as string;
        const tenant = await findTenant(t.ctx);
        const user = await findUserByUpn(t.ctx.store.db, t.tenant.id, upnOf(mario));
        assert.ok(user);
        // Settings that the checks refuse when saved (docs/ldap.md), as an old or edited row.
        const { bindPassword: _, ...saved } = schoolSettings(slapd, tag);
        const plain = (kind: DirectorySettings["kind"]): DirectorySettings => ({
          ...saved,
          startTls: false,
          kind,
        });
        try {
          for (const directoryKind of ["activeDirectory", "openldap"] as const) {
            await t.ctx.store.db
              .updateTable("directory_sources")
              .set({ settings_json: JSON.stringify(plain(directoryKind)) })
              .where("tenant_id", "=", t.tenant.id)
              .execute();
            await assert.rejects(
              writeDirectoryPassword(t.ctx, tenant, user, "quarta-Nuvola-di-luglio"),
              (error: VarcoError) => {
                assert.equal(error.code, "directory_insecure_url");
                assert.match(
                  error.detail ?? "",
                  directoryKind === "activeDirectory"
                    ? /Active Directory takes a new password \(unicodePwd\) only over LDAPS or StartTLS/
                    : /never sent over plain ldap:\/\//,
                );
                return true;
              },
            );
          }
        } finally {
          await setDirectory(t.ctx, testActor, t.tenant, schoolSettings(slapd, tag));
        }
        assert.equal(await binds(dnOf(mario), newPassword), true, "still the password it was");
      });

      test("a self-service reset writes the new password to the directory, which may refuse it in its own words", async () => {
        const sara = people[6] as string;
        const { secret } = await directoryUser(sara);
        await setPolicy(t, { passwordResetEnabledFor: "all" });
        const reset = await startReset(server, upnOf(sara));
        t.clock.advance(30_000);
        const code = await oathtoolTotp(secret, { timeMs: t.clock.now() });
        await reset.post("/password-reset/verify", { method: "authenticatorApp", code });
        const refused = await reset.post("/password-reset/new-password", {
          newPassword: tooShortForTheDirectory,
          repeatedPassword: tooShortForTheDirectory,
        });
        assert.equal(refused.statusCode, 400);
        assert.match(refused.body, /directory refused the new password. Its reason: /);
        assert.equal(await binds(dnOf(sara), testPassword), true, "nothing changed");
        const done = await reset.post("/password-reset/new-password", {
          newPassword,
          repeatedPassword: newPassword,
        });
        assert.equal(done.statusCode, 303);
        assert.equal(await binds(dnOf(sara), newPassword), true, "the directory has it");
        assert.equal(await binds(dnOf(sara), testPassword), false);
      });
    });
  }
});
