import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDirectorySettings } from "../../src/directory/ldap/load-directory.ts";
import {
  passwordModifyOid,
  passwordModifyRequest,
} from "../../src/directory/ldap/password-modify-request.ts";
import {
  checkDirectorySettings,
  type DirectorySettings,
  directoryPresets,
} from "../../src/directory/ldap/settings.ts";
import { unicodePwdChanges, unicodePwdValue } from "../../src/directory/ldap/unicode-pwd.ts";
import { renderPage } from "../../src/web/render-page.ts";
import { commonModel } from "../web/sample-models.ts";

// What Varco sends to write a password, byte for byte. Active Directory cannot run
// here: its unicodePwd value is checked as data, and its modify against slapd standing in for it
// (test/directory/directory-password-write.test.ts).

test('unicodePwd is the password in double quotes, UTF-16LE: "password"', () => {
  assert.deepEqual(
    unicodePwdValue("password"),
    Buffer.from([
      0x22, 0x00, 0x70, 0x00, 0x61, 0x00, 0x73, 0x00, 0x73, 0x00, 0x77, 0x00, 0x6f, 0x00, 0x72,
      0x00, 0x64, 0x00, 0x22, 0x00,
    ]),
  );
  // Beyond Latin-1: è is one code unit, 😀 a surrogate pair, low byte first.
  assert.deepEqual(
    unicodePwdValue("è😀"),
    Buffer.from([0x22, 0x00, 0xe8, 0x00, 0x3d, 0xd8, 0x00, 0xde, 0x22, 0x00]),
  );
});

test("unicodePwd as the user deletes the current value and adds the new one; a reset replaces", () => {
  const own = unicodePwdChanges("new-one", "old-one");
  assert.deepEqual(
    own.map((c) => [c.operation, c.modification.type, c.modification.values]),
    [
      ["delete", "unicodePwd", [unicodePwdValue("old-one")]],
      ["add", "unicodePwd", [unicodePwdValue("new-one")]],
    ],
  );
  const reset = unicodePwdChanges("new-one");
  assert.deepEqual(
    reset.map((c) => [c.operation, c.modification.values]),
    [["replace", [unicodePwdValue("new-one")]]],
  );
});

test("the Password Modify request is RFC 3062's SEQUENCE of [0] userIdentity, [1] oldPasswd, [2] newPasswd", () => {
  assert.equal(passwordModifyOid, "1.3.6.1.4.1.4203.1.11.1");
  assert.equal(
    passwordModifyRequest({ userDn: "uid=a", oldPassword: "x", newPassword: "y" }).toString("hex"),
    // 30 0d: SEQUENCE of 13 bytes; 80 05 "uid=a"; 81 01 "x"; 82 01 "y".
    `300d8005${Buffer.from("uid=a").toString("hex")}810178820179`,
  );
  // A reset: no oldPasswd. The strings are UTF-8.
  assert.equal(
    passwordModifyRequest({ userDn: "uid=a", newPassword: "è" }).toString("hex"),
    `300b8005${Buffer.from("uid=a").toString("hex")}8202c3a8`,
  );
});

test("a directory is OpenLDAP unless its settings say Active Directory; settings saved before the setting are OpenLDAP's", () => {
  const base = {
    url: "ldaps://dc1.school.local",
    startTls: false,
    caPem: null,
    bindDn: "CN=varco,DC=school,DC=local",
    userBaseDn: "DC=school,DC=local",
    upnDomain: null,
    groupBaseDn: null,
    syncIntervalMinutes: 0,
  };
  assert.equal(checkDirectorySettings({ ...base, ...directoryPresets.ad }).kind, "activeDirectory");
  assert.equal(checkDirectorySettings({ ...base, ...directoryPresets.openldap }).kind, "openldap");
  const { kind: _, ...old } = { ...base, ...directoryPresets.openldap };
  assert.equal(checkDirectorySettings(old as DirectorySettings).kind, "openldap");
  assert.equal(parseDirectorySettings(JSON.stringify(old)).kind, "openldap");
  assert.throws(
    () => checkDirectorySettings({ ...base, ...directoryPresets.ad, kind: "ad" as never }),
    /invalid_directory_settings: kind must be openldap or activeDirectory/,
  );
});

test("the directory's reason is shown as text, in both languages", () => {
  const reason = `<script>alert("x")</script> & too short`;
  for (const [lang, words] of [
    ["en", "Its reason: "],
    ["it", "Il motivo: "],
  ] as const) {
    const html = renderPage(
      "change-password-own",
      {
        signOutElsewhere: true,
        error: "directory_refused_password",
        directory: true,
        directoryReason: reason,
      },
      commonModel(lang, true),
    );
    assert.ok(
      html.includes(
        `${words}&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; too short</p>`,
      ),
      lang,
    );
    assert.doesNotMatch(html, /<script>alert/);
  }
});
