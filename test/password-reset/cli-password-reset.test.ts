import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), "varco-cli-reset-"));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const varco = (...args: string[]) =>
  run(process.execPath, ["bin/varco.js", ...args], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: { ...process.env, VARCO_DATA_DIR: dataDir },
  });

test("varco tenant policy sets who may reset a password, with how many methods and which", async () => {
  const { stdout } = await varco(
    "tenant",
    "policy",
    "--password-reset",
    "all",
    "--password-reset-methods-required",
    "2",
    "--password-reset-methods",
    "email, securityQuestions,authenticatorApp",
    "--password-reset-registration",
    "no",
    "--json",
  );
  const policy = JSON.parse(stdout);
  assert.equal(policy.passwordResetEnabledFor, "all");
  assert.equal(policy.passwordResetMethodsRequired, 2);
  assert.deepEqual(policy.passwordResetMethods, ["email", "securityQuestions", "authenticatorApp"]);
  assert.equal(policy.passwordResetRegistrationRequired, false);
  for (const [option, value, message] of [
    ["--password-reset-methods", "email,fax", /'fax' is not a method/],
    ["--password-reset-methods-required", "3", /from 1 to 2/],
    ["--password-reset", "group", /needs passwordResetGroupId/],
    ["--password-reset-group", "nobody", /group/],
  ] as const) {
    await assert.rejects(varco("tenant", "policy", option, value), (error: { stderr: string }) => {
      assert.match(error.stderr, message, `${option} ${value}`);
      return true;
    });
  }
});
