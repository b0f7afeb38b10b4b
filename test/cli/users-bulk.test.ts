import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runVarco } from "../support/run-varco.ts";

// `varco users import FILE` and `varco users delete FILE`, through the real CLI.

const header =
  "Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,Department [department]";
const good = "violet kettle harbour 92";

describe("varco users import and delete", () => {
  let dir = "";
  let env: Record<string, string> = {};
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "varco-cli-users-"));
    env = { VARCO_DATA_DIR: join(dir, "data") };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("import creates the users, writes the refused rows to --errors, and says so", async () => {
    const file = join(dir, "new.csv");
    await writeFile(
      file,
      `version:v1.0\n${header}\n"Rossi, Mario",mario.rossi@example.it,${good},No,Segreteria\nShort,short@example.it,abc,No,\n`,
    );
    const errors = join(dir, "refused.csv");
    const run = await runVarco(env, ["users", "import", file, "--errors", errors]);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(run.stdout, `1 users created, 1 rows refused: see ${errors}\n`);
    assert.equal(run.stderr, "", "no progress line when standard error is not a terminal");
    assert.equal(
      await readFile(errors, "utf8"),
      "line,userPrincipalName,displayName,code,error\r\n4,short@example.it,Short,password_length,the initial password must have 8 to 256 characters\r\n",
    );
    assert.equal((await stat(errors)).mode & 0o777, 0o600, "the error file names users: 0600");
    const shown = await runVarco(env, ["user", "show", "mario.rossi@example.it", "--json"]);
    assert.equal(shown.exitCode, 0, shown.stderr);
    assert.equal(JSON.parse(shown.stdout).department, "Segreteria");
  });

  test("delete deletes the users named; --json gives the summary; no error file when none is refused", async () => {
    const file = join(dir, "gone.csv");
    await writeFile(
      file,
      "version:v1.0\nUser name [userPrincipalName] Required\nmario.rossi@example.it\n",
    );
    const run = await runVarco(env, ["users", "delete", file, "--json"]);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { deleted: 1, failed: 0, errorsFile: null });
    await assert.rejects(stat(`${file}.errors.csv`));
    const shown = await runVarco(env, ["user", "show", "mario.rossi@example.it"]);
    assert.equal(shown.exitCode, 1);
    assert.match(shown.stderr, /^error: user_not_found/m);
  });
});
