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

const varcoIn = (folder: string, ...args: string[]) =>
  run(process.execPath, ["bin/varco.js", ...args], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: { ...process.env, VARCO_DATA_DIR: folder },
  });
const varco = (...args: string[]) => varcoIn(dataDir, ...args);

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

// Nulling every hash and the chain's end used to verify clean, as entries
// "from before the chain began".
test("varco audit verify fails, naming what is wrong, on a chain rewritten without the master key", async () => {
  const folder = mkdtempSync(join(tmpdir(), "varco-cli-audit-forged-"));
  try {
    assert.match((await varcoIn(folder, "migrate")).stdout, /0014-audit-chain-seals/);
    await varcoIn(folder, "tenant", "create", "school-d");
    assert.match(
      (await varcoIn(folder, "audit", "verify")).stdout,
      /^2 entries checked, 0 from before/,
    );

    const database = new DatabaseSync(join(folder, "varco.db"));
    database.prepare("update audit_log set hash = null, prev_hash = null").run();
    database.prepare("update audit_log set details_json = '{}' where seq = 2").run();
    database.prepare("update audit_chain set last_hash = null").run();
    database.close();
    await assert.rejects(
      varcoIn(folder, "audit", "verify"),
      (error: { code: number; stdout: string; stderr: string }) => {
        assert.equal(error.code, 1);
        assert.match(
          error.stderr,
          /^error: audit_chain_broken: entry 1: unchained_after_chain; entry 2: unchained_after_chain; entry 2: end_forged$/m,
        );
        assert.match(
          error.stdout,
          /entry 2: end_forged: the chain's end is not sealed by the master key/,
        );
        return true;
      },
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
