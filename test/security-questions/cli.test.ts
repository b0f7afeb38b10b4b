import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), "varco-cli-questions-"));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const varco = (...args: string[]) =>
  run(process.execPath, ["bin/varco.js", ...args], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: { ...process.env, VARCO_DATA_DIR: dataDir },
  });

test("varco tenant policy turns security questions on and sets how many, within their rules", async () => {
  const { stdout } = await varco(
    "tenant",
    "policy",
    "--security-questions",
    "yes",
    "--security-questions-to-register",
    "4",
    "--security-questions-to-answer",
    "4",
    "--json",
  );
  const policy = JSON.parse(stdout);
  assert.equal(policy.securityQuestionsEnabled, true);
  assert.equal(policy.securityQuestionsToRegister, 4);
  assert.equal(policy.securityQuestionsToAnswer, 4);
  await assert.rejects(
    varco("tenant", "policy", "--security-questions-to-answer", "5"),
    (e: { stderr: string }) =>
      e.stderr.includes("invalid_policy: securityQuestionsToAnswer must not be more than"),
  );
  await assert.rejects(
    varco("tenant", "policy", "--security-questions-to-register", "2"),
    (e: { stderr: string }) => e.stderr.includes("invalid_policy: securityQuestionsToRegister"),
  );
  await assert.rejects(
    varco("tenant", "policy", "--security-questions", "maybe"),
    (e: { stderr: string }) => e.stderr.includes("--security-questions must be yes or no"),
  );
  const off = JSON.parse(
    (await varco("tenant", "policy", "--security-questions", "no", "--json")).stdout,
  );
  assert.equal(off.securityQuestionsEnabled, false);
  assert.equal(off.securityQuestionsToAnswer, 4, "unchanged by the refusals");
});
