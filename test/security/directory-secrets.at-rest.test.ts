import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { loadDirectory } from "../../src/directory/ldap/load-directory.ts";
import { setDirectory } from "../../src/directory/ldap/set-directory.ts";
import { type DirectorySettings, directoryPresets } from "../../src/directory/ldap/settings.ts";
import type { VarcoError } from "../../src/errors/varco-error.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// DESIGN invariant 3: the directory's service account password is sealed with the master key, as
// OTP seeds are; a dump, the audit log and another tenant's row give nobody the password.

let t: TestApp;
before(async () => {
  t = await openTestApp("sqlite");
});
after(() => t.close());

const bindPassword = "Service-Account-Secret-4711";
const settings: DirectorySettings = {
  ...directoryPresets.openldap,
  url: "ldaps://ldap.school.it",
  startTls: false,
  caPem: null,
  bindDn: "cn=varco,dc=school,dc=it",
  userBaseDn: "ou=people,dc=school,dc=it",
  upnDomain: null,
  disabledFilter: "",
  groupBaseDn: null,
  syncIntervalMinutes: 0,
};

test("the service account's password is in no dump and no audit entry, and opens for its tenant alone", async () => {
  await setDirectory(t.ctx, testActor, t.tenant, { ...settings, bindPassword });
  await t.ctx.store.settled();
  const file = t.database.url.slice("sqlite:".length);
  const dir = join(file, "..");
  const dump = Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name))));
  assert.ok(dump.includes(Buffer.from("cn=varco,dc=school,dc=it")), "the check can fail");
  assert.equal(dump.includes(Buffer.from(bindPassword)), false);
  const audit = await listAudit(t.ctx.store.db, t.tenant.id, 10);
  const entry = audit.find((e) => e.action === "Set user directory");
  assert.ok(entry);
  assert.equal(JSON.stringify(entry).includes(bindPassword), false);
  assert.equal((await loadDirectory(t.ctx, t.tenant.id))?.bindPassword, bindPassword);

  // The sealed value copied to another tenant's directory does not open there.
  const other = await createTenant(t.ctx, testActor, { name: "other" });
  const row = await t.ctx.store.db
    .selectFrom("directory_sources")
    .selectAll()
    .where("tenant_id", "=", t.tenant.id)
    .executeTakeFirstOrThrow();
  await t.ctx.store.db
    .insertInto("directory_sources")
    .values({ ...row, tenant_id: other.id })
    .execute();
  await assert.rejects(loadDirectory(t.ctx, other.id), (error: VarcoError) => {
    assert.equal(error.code, "sealed_data_invalid");
    return true;
  });
});

test("settings that would send passwords in the clear, or are not what they say, change nothing", async () => {
  const refused: [Partial<DirectorySettings>, string][] = [
    [{ url: "ldap://ldap.school.it" }, "directory_insecure_url"],
    [{ url: "ldaps://ldap.school.it", startTls: true }, "invalid_directory_settings"],
    [{ url: "http://ldap.school.it" }, "invalid_directory_settings"],
    [{ url: "ldaps://user:pw@ldap.school.it" }, "invalid_directory_settings"],
    [{ userFilter: "(objectClass=person" }, "invalid_directory_settings"],
    [{ upnAttribute: "mail)(uid=*" }, "invalid_directory_settings"],
    [{ bindDn: "cn=varco\n,dc=it" }, "invalid_directory_settings"],
    [
      { caPem: "-----BEGIN CERTIFICATE-----\nnot one\n-----END CERTIFICATE-----" },
      "invalid_directory_settings",
    ],
    [{ syncIntervalMinutes: 2 }, "invalid_directory_settings"],
  ];
  const before = (await listAudit(t.ctx.store.db, t.tenant.id, 1000)).length;
  for (const [change, code] of refused) {
    await assert.rejects(
      setDirectory(t.ctx, testActor, t.tenant, { ...settings, ...change, bindPassword }),
      (error: VarcoError) => {
        assert.equal(error.code, code, JSON.stringify(change));
        return true;
      },
    );
  }
  assert.equal((await listAudit(t.ctx.store.db, t.tenant.id, 1000)).length, before);
  assert.equal((await loadDirectory(t.ctx, t.tenant.id))?.settings.url, settings.url);
});
