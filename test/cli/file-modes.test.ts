import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmod, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { openStore } from "../../src/store/open-store.ts";

// `varco migrate` on a new data folder left the folder 0755 and varco.db and its WAL
// 0644, readable by any local user. Whichever command creates them, the folder is 0700 and every
// file in it 0600; a folder or file open to others is refused, naming it and the fix.

const posix = process.platform !== "win32";
const root = join(import.meta.dirname, "../..");
const bin = join(root, "bin/varco.js");

type Result = { exitCode: number; stdout: string; stderr: string };

/** `varco ...args` with `env` only (none of the caller's VARCO_*), under umask 022. */
function runVarco(env: Record<string, string>, args: string[]): Promise<Result> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("VARCO_")),
  );
  const previous = process.umask(0o022);
  try {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [bin, ...args],
        { cwd: root, env: { ...clean, ...env }, timeout: 30_000 },
        (error, stdout, stderr) => {
          const exitCode = error ? (typeof error.code === "number" ? error.code : -1) : 0;
          resolve({ exitCode, stdout, stderr });
        },
      );
    });
  } finally {
    process.umask(previous);
  }
}

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe("file modes of the data folder", { skip: !posix }, () => {
  let parent: string;
  before(async () => {
    parent = await mkdtemp(join(tmpdir(), "varco-modes-"));
  });
  after(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  test("varco migrate on a new data folder: the folder 0700, varco.db 0600", async () => {
    const dataDir = join(parent, "migrate", "data");
    const result = await runVarco({ VARCO_DATA_DIR: dataDir }, ["migrate", "--json"]);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(await modeOf(dataDir), 0o700);
    for (const name of await readdir(dataDir)) {
      assert.equal(await modeOf(join(dataDir, name)), 0o600, name);
    }
    assert.ok((await readdir(dataDir)).includes("varco.db"));
  });

  test("any other command on a new data folder: the folder 0700, master.key and varco.db 0600", async () => {
    const dataDir = join(parent, "tenant-list");
    const result = await runVarco({ VARCO_DATA_DIR: dataDir }, ["tenant", "list", "--json"]);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(await modeOf(dataDir), 0o700);
    const names = await readdir(dataDir);
    assert.ok(names.includes("master.key") && names.includes("varco.db"), names.join());
    for (const name of names) assert.equal(await modeOf(join(dataDir, name)), 0o600, name);
  });

  test("the database's -wal and -shm files are 0600 while it is open", async () => {
    const dataDir = join(parent, "open-store");
    const previous = process.umask(0o022);
    const store = openStore({ dataDir });
    process.umask(previous);
    try {
      await store.migrate();
      await sql`insert into counters (key, value, expires_at) values ('k', 1, 1)`.execute(store.db);
      await store.settled();
      const names = await readdir(dataDir);
      assert.deepEqual(names.sort(), ["varco.db", "varco.db-shm", "varco.db-wal"]);
      for (const name of names) assert.equal(await modeOf(join(dataDir, name)), 0o600, name);
    } finally {
      await store.close();
    }
  });

  test("a SQLite file named by VARCO_DATABASE_URL is 0600, its new folder 0700", async () => {
    const folder = join(parent, "elsewhere", "db");
    const path = join(folder, "mfa.db");
    const dataDir = join(parent, "elsewhere-data");
    const result = await runVarco(
      { VARCO_DATA_DIR: dataDir, VARCO_DATABASE_URL: `sqlite:${path}` },
      ["migrate"],
    );
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(await modeOf(folder), 0o700);
    assert.equal(await modeOf(path), 0o600);
  });

  test("start refuses a data folder others can enter, naming it and the chmod that fixes it", async () => {
    const dataDir = join(parent, "opened");
    assert.equal((await runVarco({ VARCO_DATA_DIR: dataDir }, ["tenant", "list"])).exitCode, 0);
    await chmod(dataDir, 0o755);
    for (const args of [["serve"], ["migrate"], ["tenant", "list"]]) {
      const result = await runVarco({ VARCO_DATA_DIR: dataDir, VARCO_PORT: "0" }, args);
      assert.equal(result.exitCode, 1, `${args.join(" ")}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, /^error: unsafe_file_mode: /m);
      assert.ok(
        result.stderr.includes(`${dataDir} (VARCO_DATA_DIR) is open to other users (mode 755)`),
        result.stderr,
      );
      assert.ok(result.stderr.includes(`run: chmod -R go= ${dataDir}`), result.stderr);
      assert.doesNotMatch(result.stdout, /Server listening/);
    }
    await chmod(dataDir, 0o700);
    assert.equal((await runVarco({ VARCO_DATA_DIR: dataDir }, ["tenant", "list"])).exitCode, 0);
  });

  test("start refuses a master key file or a database file others can read", async () => {
    const dataDir = join(parent, "open-files");
    assert.equal((await runVarco({ VARCO_DATA_DIR: dataDir }, ["tenant", "list"])).exitCode, 0);
    for (const name of ["master.key", "varco.db"]) {
      const path = join(dataDir, name);
      await chmod(path, 0o644);
      const result = await runVarco({ VARCO_DATA_DIR: dataDir }, ["tenant", "list"]);
      assert.equal(result.exitCode, 1, result.stderr);
      assert.match(result.stderr, /^error: unsafe_file_mode: /m);
      assert.ok(result.stderr.includes(`${path} (`), result.stderr);
      assert.ok(result.stderr.includes(`run: chmod 600 ${path}`), result.stderr);
      await chmod(path, 0o600);
    }
    assert.equal((await runVarco({ VARCO_DATA_DIR: dataDir }, ["tenant", "list"])).exitCode, 0);
  });
});
