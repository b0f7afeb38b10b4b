import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, test } from "node:test";
import pg from "pg";
import { isDatabaseUnavailable } from "../../src/store/database-unavailable.ts";
import { postgresAdminUrl } from "../support/databases.ts";

// What tells a database that is away or too slow (answered 503, tried again) from a
// query or data that is wrong (a bug: 500). The restart itself is test/reliability.

/** The error `work` throws; fails when it throws none. */
async function thrown(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  assert.fail("nothing was thrown");
}

function thrownSync(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  assert.fail("nothing was thrown");
}

describe("isDatabaseUnavailable", () => {
  test("no server at the address, and an unknown host, from pg itself", async () => {
    for (const host of ["127.0.0.1:1", "no-such-host.invalid"]) {
      const client = new pg.Client({
        connectionString: `postgres://x@${host}/x`,
        connectionTimeoutMillis: 5000,
      });
      assert.ok(isDatabaseUnavailable(await thrown(() => client.connect())), host);
    }
  });

  test("a statement past its timeout on PostgreSQL; but not a wrong query or a broken rule", async () => {
    const client = new pg.Client({ connectionString: postgresAdminUrl, statement_timeout: 50 });
    await client.connect();
    try {
      assert.ok(isDatabaseUnavailable(await thrown(() => client.query("select pg_sleep(1)"))));
      assert.ok(!isDatabaseUnavailable(await thrown(() => client.query("select nope"))));
      await client.query("create temp table t (id int primary key)");
      await client.query("insert into t values (1)");
      assert.ok(
        !isDatabaseUnavailable(await thrown(() => client.query("insert into t values (1)"))),
      );
    } finally {
      await client.end();
    }
  });

  test("a SQLite database locked past its busy timeout; but not a wrong query", () => {
    const dir = mkdtempSync(join(tmpdir(), "varco-busy-"));
    const path = join(dir, "busy.db");
    const holder = new DatabaseSync(path);
    const waiter = new DatabaseSync(path, { timeout: 0 });
    try {
      holder.exec("pragma journal_mode = wal; create table t (x); begin immediate");
      const busy = thrownSync(() => waiter.exec("insert into t values (1)"));
      assert.ok(isDatabaseUnavailable(busy), String(busy));
      const wrong = thrownSync(() => waiter.exec("select nope from t"));
      assert.ok(!isDatabaseUnavailable(wrong), String(wrong));
    } finally {
      holder.exec("rollback");
      holder.close();
      waiter.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a connection ended by the server, or the driver's timeouts, wherever they sit in the cause chain", () => {
    const terminated = Object.assign(new Error("terminating connection"), { code: "57P01" });
    assert.ok(isDatabaseUnavailable(terminated));
    assert.ok(isDatabaseUnavailable(new Error("Connection terminated unexpectedly")));
    assert.ok(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect")));
    assert.ok(isDatabaseUnavailable(new Error("Query read timeout")));
    assert.ok(isDatabaseUnavailable(new Error("wrapped", { cause: terminated })));
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    assert.ok(isDatabaseUnavailable(new AggregateError([refused], "")));
    assert.ok(!isDatabaseUnavailable(new Error("something else")));
    assert.ok(!isDatabaseUnavailable(undefined));
  });
});
