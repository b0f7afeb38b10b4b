import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { createUser } from "../../src/directory/create-user.ts";
import { findGroup } from "../../src/directory/find-group.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { setDirectory } from "../../src/directory/ldap/set-directory.ts";
import { syncDirectory } from "../../src/directory/ldap/sync-directory.ts";
import { syncDueDirectories } from "../../src/directory/ldap/sync-due-directories.ts";
import type { VarcoError } from "../../src/errors/varco-error.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listGroupMemberIds } from "../../src/store/queries/groups.ts";
import { findUserByUpn } from "../../src/store/queries/users.ts";
import { databaseKinds } from "../support/databases.ts";
import { disableLdif, personDn, schoolSettings, seedSchool } from "../support/school-directory.ts";
import { signInWithPassword } from "../support/sign-in-events.ts";
import { findSlapd, type PrivateSlapd, startPrivateSlapd } from "../support/slapd.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// The sync from the tenant's OpenLDAP: users created, updated and blocked, groups and their
// members as the directory has them, so that "MFA for the members of a group" follows it.

const run = promisify(execFile);
const found = findSlapd();
const client = { ip: "203.0.113.41", userAgent: "test-browser" };
const passwords = {
  mario: "primo-Sole-di-marzo",
  anna: "seconda-Luna-di-aprile",
  luca: "terzo-Mare-di-luglio",
  pietro: "quarto-Monte-di-agosto",
};

describe("syncing a tenant from an LDAP directory", {
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
      const tag = `sync-${kind}`;
      // The UPN is uid@school.it: the directory holds the name part only.
      const upn = (name: string) => `${name}.${kind}@school.it`;
      const uid = (name: string) => `${name}.${kind}`;
      const dn = (name: string) => personDn(slapd, tag, uid(name));
      const staff = `staff-${kind}`;
      const user = async (name: string) => findUserByUpn(t.ctx.store.db, t.tenant.id, upn(name));
      const signIn = async (name: keyof typeof passwords) =>
        signInWithPassword(t.ctx, {
          tenant: await findTenant(t.ctx),
          upn: upn(name),
          password: passwords[name],
          client,
        });
      const staffUpns = async () => {
        const group = await findGroup(t.ctx, t.tenant, staff);
        const ids = await listGroupMemberIds(t.ctx.store.db, group.id);
        const users = await Promise.all(["mario", "anna", "luca"].map(user));
        return users.filter((u) => u && ids.includes(u.id)).map((u) => u?.upn);
      };

      before(async () => {
        t = await openTestApp(kind);
        await seedSchool(
          slapd,
          tag,
          [
            { uid: uid("mario"), name: "Mario Rossi", password: passwords.mario },
            { uid: uid("anna"), name: "Anna Verdi", password: passwords.anna },
            { uid: uid("luca"), name: "Luca Neri", password: passwords.luca },
            {
              uid: uid("pietro"),
              name: "Pietro Gialli",
              password: passwords.pietro,
              disabled: true,
            },
          ],
          { [staff]: [uid("mario"), uid("anna")], [`students-${kind}`]: [uid("luca")] },
        );
        // A user made in Varco before the directory, whom the directory does not know.
        await createUser(t.ctx, testActor, t.tenant, { upn: upn("old") });
        await setDirectory(
          t.ctx,
          testActor,
          t.tenant,
          schoolSettings(slapd, tag, { upnAttribute: "uid", upnDomain: "school.it" }),
        );
      });
      after(() => t.close());

      test("a sync creates the directory's users and groups, and blocks who is disabled or not there", async () => {
        const summary = await syncDirectory(t.ctx, t.tenant);
        assert.deepEqual(summary, {
          users: 4,
          created: 3,
          updated: 0,
          disabled: 1,
          enabled: 0,
          skipped: 0,
          groups: 2,
          groupsCreated: 2,
          membershipsChanged: 3,
        });
        assert.equal((await user("mario"))?.displayName, "Mario Rossi");
        assert.equal(await user("pietro"), undefined, "a disabled account is not created");
        const old = await user("old");
        assert.equal(old?.blocked, true);
        assert.equal(old?.blockedReason, "Not in the directory");
        assert.deepEqual((await staffUpns()).sort(), [upn("anna"), upn("mario")]);
        const audit = await listAudit(t.ctx.store.db, t.tenant.id, 100);
        const synced = audit.find((e) => e.action === "Sync user directory");
        assert.equal(synced?.actor_name, "directory");
        assert.ok(
          audit.some((e) => e.action === "Add member to group" && e.actor_name === "directory"),
        );
        // A second sync finds nothing to change.
        const again = await syncDirectory(t.ctx, t.tenant);
        assert.deepEqual(
          [again.created, again.updated, again.disabled, again.membershipsChanged],
          [0, 0, 0, 0],
        );
      });

      test("the directory's groups drive the MFA-for-a-group policy", async () => {
        const group = await findGroup(t.ctx, t.tenant, staff);
        await changeTenantPolicy(t.ctx, testActor, t.tenant, {
          mfaRequiredFor: "group",
          mfaGroupId: group.id,
        });
        assert.equal((await signIn("mario")).kind, "register", "staff must use MFA");
        const luca = await signIn("luca");
        assert.equal(luca.kind, "signed_in");
        assert.equal(luca.kind === "signed_in" && luca.mfa, "notRequired");
        // Luca joins the staff in the directory: the next sync makes him owe MFA.
        await slapd.modify(
          `dn: cn=${staff},ou=groups-${tag},${slapd.suffix}\nchangetype: modify\nadd: member\nmember: ${dn("luca")}\n`,
        );
        await syncDirectory(t.ctx, t.tenant);
        assert.equal((await signIn("luca")).kind, "register");
        // Mario leaves it: his next sign-in reads his groups, before any sync.
        await slapd.modify(
          `dn: cn=${staff},ou=groups-${tag},${slapd.suffix}\nchangetype: modify\ndelete: member\nmember: ${dn("mario")}\n`,
        );
        assert.equal((await signIn("mario")).kind, "signed_in");
        assert.deepEqual((await staffUpns()).sort(), [upn("anna"), upn("luca")]);
      });

      test("a profile changed, an account disabled or deleted in the directory reach Varco at the sync", async () => {
        await slapd.modify(
          `dn: ${dn("anna")}\nchangetype: modify\nreplace: cn\ncn: Anna Verdi Neri\n`,
        );
        await slapd.modify(disableLdif(dn("luca"), true));
        await slapd.modify(`dn: ${dn("mario")}\nchangetype: delete\n`);
        const summary = await syncDirectory(t.ctx, t.tenant);
        assert.equal(summary.updated, 1);
        assert.equal(summary.disabled, 2);
        assert.equal((await user("anna"))?.displayName, "Anna Verdi Neri");
        assert.equal((await user("luca"))?.blockedReason, "Disabled in the directory");
        assert.equal((await user("mario"))?.blockedReason, "Not in the directory");
        assert.equal((await signIn("luca")).kind, "failed");
        // Enabled again, Luca is unblocked by the next sync.
        await slapd.modify(disableLdif(dn("luca"), false));
        assert.equal((await syncDirectory(t.ctx, t.tenant)).enabled, 1);
        assert.equal((await user("luca"))?.blocked, false);
      });

      test("a directory that returns no user changes nothing", async () => {
        await setDirectory(
          t.ctx,
          testActor,
          t.tenant,
          schoolSettings(slapd, tag, {
            upnAttribute: "uid",
            upnDomain: "school.it",
            userFilter: "(objectClass=posixAccount)",
          }),
        );
        await assert.rejects(syncDirectory(t.ctx, t.tenant), (error: VarcoError) => {
          assert.equal(error.code, "directory_sync_empty");
          return true;
        });
        assert.equal((await user("anna"))?.blocked, false);
      });

      test("the periodic sync runs once per interval, on one instance of several", async () => {
        await setDirectory(
          t.ctx,
          testActor,
          t.tenant,
          schoolSettings(slapd, tag, {
            upnAttribute: "uid",
            upnDomain: "school.it",
            syncIntervalMinutes: 5,
          }),
        );
        const sibling = await t.openSibling();
        const [one, two] = await Promise.all([
          syncDueDirectories(t.ctx),
          syncDueDirectories(sibling.ctx),
        ]);
        assert.equal(one.length + two.length, 1);
        assert.deepEqual(await syncDueDirectories(t.ctx), []);
        t.clock.advance(5 * 60_000);
        const later = await syncDueDirectories(t.ctx);
        assert.equal(later.length, 1);
        assert.ok(later[0] && "summary" in later[0], JSON.stringify(later));
      });
    });
  }

  test("the CLI sets, shows, tests and syncs a directory, and refuses ldap:// without StartTLS", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "varco-cli-ldap-"));
    const tag = "cli";
    await seedSchool(
      slapd,
      tag,
      [{ uid: "giulia", name: "Giulia Russo", password: "quinta-Onda-di-ottobre" }],
      { [`staff-${tag}`]: ["giulia"] },
    );
    const settings = schoolSettings(slapd, tag);
    writeFileSync(join(dataDir, "ca.pem"), slapd.caPem);
    const varco = (args: string[], input?: string) =>
      new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
        const child = execFile(
          process.execPath,
          ["bin/varco.js", ...args],
          {
            cwd: new URL("../..", import.meta.url).pathname,
            env: { ...process.env, VARCO_DATA_DIR: dataDir },
          },
          (error, stdout, stderr) =>
            resolve({ stdout, stderr, code: error ? Number(error.code ?? 1) : 0 }),
        );
        child.stdin?.end(input ?? "");
      });
    try {
      const common = [
        "--bind-dn",
        settings.bindDn,
        "--user-base",
        settings.userBaseDn,
        "--group-base",
        settings.groupBaseDn ?? "",
        "--disabled-filter",
        "(employeeType=disabled)",
        "--ca-file",
        join(dataDir, "ca.pem"),
        "--bind-password-stdin",
      ];
      const plain = await varco(
        ["tenant", "directory", "set", "default", "--url", slapd.ldapUrl, ...common],
        settings.bindPassword,
      );
      assert.equal(plain.code, 1);
      assert.match(plain.stderr, /^error: directory_insecure_url: /m);

      const set = await varco(
        ["tenant", "directory", "set", "default", "--url", slapd.ldapUrl, "--starttls", ...common],
        settings.bindPassword,
      );
      assert.equal(set.code, 0, set.stderr);
      const show = await varco(["tenant", "directory", "show", "default", "--json"]);
      const json = JSON.parse(show.stdout);
      assert.equal(json.url, slapd.ldapUrl);
      assert.equal(json.startTls, true);
      assert.equal(json.caCertificate, "configured");
      assert.doesNotMatch(show.stdout, new RegExp(settings.bindPassword));
      const tested = JSON.parse(
        (await varco(["tenant", "directory", "test", "default", "--json"])).stdout,
      );
      assert.deepEqual(tested, { tenant: "default", ok: true, users: 1, groups: 1 });
      const synced = JSON.parse(
        (await varco(["tenant", "directory", "sync", "default", "--json"])).stdout,
      );
      assert.equal(synced.created, 1);
      // Changing one setting keeps the others, the sealed password included.
      const again = await varco([
        "tenant",
        "directory",
        "set",
        "default",
        "--sync-interval-minutes",
        "60",
      ]);
      assert.equal(again.code, 0, again.stderr);
      assert.equal((await varco(["tenant", "directory", "sync", "default"])).code, 0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
