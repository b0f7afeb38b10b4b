import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runVarco } from "../support/run-varco.ts";

// `varco tenant directory set --kind`: how a new password is written to the directory (the
// Password Modify operation, or Active Directory's unicodePwd). Setting a directory connects to
// nothing, so no directory runs here.

describe("varco tenant directory set --kind", () => {
  let dataDir = "";
  const varco = (args: string[], input?: string) =>
    runVarco({ VARCO_DATA_DIR: dataDir }, args, input);
  const kindShown = async () => {
    const shown = await varco(["tenant", "directory", "show", "default", "--json"]);
    assert.equal(shown.exitCode, 0, shown.stderr);
    return (JSON.parse(shown.stdout) as { kind: string }).kind;
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "varco-cli-directory-kind-"));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test("the preset sets the kind, --kind changes it, and anything else is refused", async () => {
    const set = await varco(
      [
        "tenant",
        "directory",
        "set",
        "default",
        "--preset",
        "ad",
        "--url",
        "ldaps://dc1.school.local",
        "--bind-dn",
        "CN=varco,DC=school,DC=local",
        "--user-base",
        "DC=school,DC=local",
        "--bind-password-stdin",
      ],
      "service-secret",
    );
    assert.equal(set.exitCode, 0, set.stderr);
    assert.equal(await kindShown(), "activeDirectory");
    const changed = await varco(["tenant", "directory", "set", "default", "--kind", "openldap"]);
    assert.equal(changed.exitCode, 0, changed.stderr);
    assert.equal(await kindShown(), "openldap");
    const wrong = await varco(["tenant", "directory", "set", "default", "--kind", "ad"]);
    assert.equal(wrong.exitCode, 1);
    assert.match(
      wrong.stderr,
      /^error: invalid_directory_settings: kind must be openldap or activeDirectory/m,
    );
    assert.equal(await kindShown(), "openldap");
  });
});
