import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, test } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), "varco-cli-audit-"));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const varco = (...args: string[]) =>
  run(process.execPath, ["bin/varco.js", ...args], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: { ...process.env, VARCO_DATA_DIR: dataDir },
  });

test("varco audit verify passes on an untouched log, and names the entry deleted behind its back", async () => {
  // Three processes writing at once queue on the database file; the chain stays whole.
  await Promise.all(["a", "b", "c"].map((name) => varco("tenant", "create", `school-${name}`)));
  const exported = JSON.parse((await varco("audit", "export", "--format", "json")).stdout);
  assert.deepEqual(
    exported.map((entry: { seq: number }) => entry.seq),
    [1, 2, 3, 4],
  );
  assert.match((await varco("audit", "verify")).stdout, /^4 entries checked, 0 from before/);

  const database = new DatabaseSync(join(dataDir, "varco.db"));
  database.prepare("delete from audit_log where seq = 2").run();
  database.close();
  await assert.rejects(varco("audit", "verify"), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 1);
    assert.match(error.stderr, /^error: audit_chain_broken: entry 2: missing/m);
    return true;
  });
  await assert.rejects(varco("audit", "export", "--format", "xml"), /invalid_request/);
});

test("varco audit prune needs a retention, and keeps what is younger", async () => {
  await assert.rejects(varco("audit", "prune"), /invalid_request: no retention set/);
  await assert.rejects(
    varco("audit", "prune", "--older-than-days", "x"),
    /invalid_request: --older-than-days must be an integer/,
  );
  const { stdout } = await varco("audit", "prune", "--older-than-days", "1", "--json");
  assert.deepEqual(JSON.parse(stdout), { removed: 0, days: 1 });
});
