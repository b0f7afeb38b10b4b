import assert from "node:assert/strict";
import { test } from "node:test";
import {
  dnKey,
  readDirectoryEntry,
  upnSearchValue,
} from "../../src/directory/ldap/directory-entry.ts";
import {
  checkDirectorySettings,
  type DirectorySettings,
  directoryPresets,
} from "../../src/directory/ldap/settings.ts";

const activeDirectory: DirectorySettings = {
  ...directoryPresets.ad,
  url: "ldaps://dc1.school.local:636/",
  startTls: false,
  caPem: null,
  bindDn: "CN=varco,OU=Services,DC=school,DC=local",
  userBaseDn: "OU=Staff,DC=school,DC=local",
  upnDomain: null,
  groupBaseDn: "OU=Groups,DC=school,DC=local",
  syncIntervalMinutes: 60,
};

test("Active Directory's preset is accepted as it is: userAccountControl's bit 2 is a filter", () => {
  const checked = checkDirectorySettings(activeDirectory);
  assert.equal(checked.url, "ldaps://dc1.school.local:636");
  assert.equal(checked.disabledFilter, "(userAccountControl:1.2.840.113556.1.4.803:=2)");
  assert.equal(checked.startTls, false);
});

test("an entry is read leniently: a value Varco would refuse is left out, a bad UPN leaves the entry out", () => {
  const settings = checkDirectorySettings(activeDirectory);
  const entry = readDirectoryEntry(settings, {
    dn: "CN=Mario Rossi,OU=Staff,DC=school,DC=local",
    userPrincipalName: "mario.rossi@school.it",
    DisplayName: "Mario Rossi",
    mail: "not an address",
    mobile: "333 1234567",
    department: "Segreteria",
  });
  assert.deepEqual(entry, {
    dn: "CN=Mario Rossi,OU=Staff,DC=school,DC=local",
    upn: "mario.rossi@school.it",
    displayName: "Mario Rossi",
    mail: null,
    mobilePhone: null,
    department: "Segreteria",
  });
  assert.equal(
    readDirectoryEntry(settings, { dn: "CN=x", userPrincipalName: "no at sign" }),
    undefined,
  );
  assert.equal(dnKey("CN=Mario Rossi, OU=Staff,DC=school , DC=local"), dnKey(entry?.dn ?? ""));
});

test("with a UPN domain the directory is searched for the name part, of that domain only", () => {
  const settings = checkDirectorySettings({
    ...activeDirectory,
    ...directoryPresets.openldap,
    upnAttribute: "uid",
    upnDomain: "School.IT",
  });
  assert.equal(settings.upnDomain, "school.it");
  assert.equal(upnSearchValue(settings, "mario@SCHOOL.it"), "mario");
  assert.equal(upnSearchValue(settings, "mario@other.it"), undefined);
  assert.equal(upnSearchValue(settings, "@school.it"), undefined);
});
