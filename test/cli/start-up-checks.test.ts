import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { postgresAdminUrl } from "../support/databases.ts";
import { runVarco } from "../support/run-varco.ts";

// A bad VARCO_DATABASE_URL is reported naming it (it was
// internal_error); a wrong master key refuses to start, naming it; an unknown VARCO_* variable
// is reported as a warning.

/** The URL of the test server with another database name, user or host and port. */
function postgresUrl(change: { database?: string; host?: string; password?: string }): string {
  const url = new URL(postgresAdminUrl);
  if (change.database) url.pathname = `/${change.database}`;
  if (change.host) url.host = change.host;
  if (change.password) url.password = change.password;
  return url.toString();
}

describe("varco refuses a database it cannot use, naming VARCO_DATABASE_URL", () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "varco-start-up-"));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const password = `pw-${randomBytes(6).toString("hex")}`;
  const cases: [string, string, RegExp][] = [
    [
      "a database that does not exist",
      postgresUrl({ database: "varco_no_such_database", password }),
      /database "varco_no_such_database" does not exist/,
    ],
    ["no server at the address", postgresUrl({ host: "127.0.0.1:1", password }), /ECONNREFUSED/],
    [
      "a host that does not exist",
      postgresUrl({ host: "no-such-host.invalid:5432", password }),
      /ENOTFOUND|EAI_AGAIN|timeout/,
    ],
  ];
  for (const [name, url, reason] of cases) {
    test(name, async () => {
      const shown = new URL(url);
      shown.password = "";
      const expected = `VARCO_DATABASE_URL (${shown.protocol}//${shown.username}@${shown.host}${shown.pathname}) cannot be used: `;
      for (const args of [["migrate"], ["tenant", "list"], ["serve"]]) {
        const result = await runVarco(
          { VARCO_DATA_DIR: dataDir, VARCO_DATABASE_URL: url, VARCO_PORT: "0" },
          args,
        );
        assert.equal(result.exitCode, 1, `${args.join(" ")}: ${result.stderr}`);
        assert.match(result.stderr, /^error: database_unavailable: /m);
        assert.ok(result.stderr.includes(expected), result.stderr);
        assert.match(result.stderr, reason);
        assert.ok(!(result.stdout + result.stderr).includes(password), "the password is shown");
        assert.doesNotMatch(result.stderr, /internal_error/);
      }
    });
  }
});

describe("varco refuses a SQLite file it cannot open, naming the setting", () => {
  test("a VARCO_DATABASE_URL under a regular file", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "varco-start-up-"));
    try {
      await writeFile(join(dataDir, "plain"), "");
      const path = join(dataDir, "plain", "varco.db");
      const result = await runVarco(
        { VARCO_DATA_DIR: dataDir, VARCO_DATABASE_URL: `sqlite:${path}` },
        ["migrate"],
      );
      assert.equal(result.exitCode, 1, result.stderr);
      assert.ok(
        result.stderr.includes(
          `error: database_unavailable: VARCO_DATABASE_URL: the SQLite database ${path} cannot be opened`,
        ),
        result.stderr,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("varco refuses a wrong master key, naming VARCO_MASTER_KEY", () => {
  test("serve and every command stop before doing anything", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "varco-start-up-"));
    try {
      const key = randomBytes(32).toString("base64");
      const wrong = randomBytes(32).toString("hex");
      const first = await runVarco({ VARCO_DATA_DIR: dataDir, VARCO_MASTER_KEY: key }, [
        "tenant",
        "list",
      ]);
      assert.equal(first.exitCode, 0, first.stderr);
      for (const args of [["serve"], ["tenant", "list"]]) {
        const result = await runVarco(
          { VARCO_DATA_DIR: dataDir, VARCO_MASTER_KEY: wrong, VARCO_PORT: "0" },
          args,
        );
        assert.equal(result.exitCode, 1, result.stdout + result.stderr);
        assert.match(
          result.stderr,
          /^error: invalid_master_key: VARCO_MASTER_KEY is not a master key of this database/m,
        );
        assert.doesNotMatch(result.stdout, /Server listening|store ready/);
        assert.ok(!result.stderr.includes(wrong) && !result.stderr.includes(key));
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("an unknown VARCO_* variable is a warning", () => {
  test("a CLI command warns on standard error and still runs", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "varco-start-up-"));
    try {
      const result = await runVarco({ VARCO_DATA_DIR: dataDir, VARCO_PROT: "9000" }, [
        "tenant",
        "list",
        "--json",
      ]);
      assert.equal(result.exitCode, 0, result.stderr);
      assert.match(
        result.stderr,
        /^warning: VARCO_PROT is not a Varco setting and is ignored \(did you mean VARCO_PORT\?\)$/m,
      );
      assert.ok(Array.isArray(JSON.parse(result.stdout)));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
