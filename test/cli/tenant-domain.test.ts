import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/databases.ts";
import { type VarcoResult as Result, runVarco } from "../support/run-varco.ts";

// `varco tenant domain add|remove|list`, through the real CLI, on both databases.

function output<T>(result: Result): T {
  assert.equal(result.exitCode, 0, `exit ${result.exitCode}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

function assertFailed(result: Result, code: string): void {
  assert.equal(result.exitCode, 1, result.stderr);
  assert.match(result.stderr, new RegExp(`^error: ${code}\\b`, "m"));
  assert.equal(result.stdout, "");
}

type Domain = { domain: string; tenant: string };
type Audit = { action: string; target_id: string | null };

describe("varco tenant domain", { concurrency: true }, () => {
  for (const kind of databaseKinds) {
    describe(`on ${kind}`, { concurrency: false }, () => {
      let dataDir = "";
      let database: TestDatabase | undefined;
      let env: Record<string, string> = {};
      const varco = (...args: string[]) => runVarco(env, [...args, "--json"]);

      before(async () => {
        dataDir = await mkdtemp(join(tmpdir(), "varco-cli-domains-"));
        env = { VARCO_DATA_DIR: dataDir };
        if (kind === "postgres") {
          database = await createTestDatabase("postgres");
          env.VARCO_DATABASE_URL = database.url;
        }
        output(await varco("tenant", "create", "school"));
        output(await varco("tenant", "create", "town"));
      });
      after(async () => {
        await database?.drop();
        await rm(dataDir, { recursive: true, force: true });
      });

      test("add lowercases the domain, list shows it, the audit log records it", async () => {
        const added = output<Domain>(await varco("tenant", "domain", "add", "school", "School.IT"));
        assert.equal(added.domain, "school.it");
        assert.equal(added.tenant, "school");
        output(await varco("tenant", "domain", "add", "school", "mail.school.it"));
        const listed = output<Domain[]>(await varco("tenant", "domain", "list", "school"));
        assert.deepEqual(
          listed.map((d) => d.domain),
          ["mail.school.it", "school.it"],
        );
        assert.deepEqual(output<Domain[]>(await varco("tenant", "domain", "list")), []);
        const audit = output<Audit[]>(
          await runVarco(env, ["audit", "export", "--format", "json", "--tenant", "school"]),
        );
        assert.ok(audit.some((a) => a.action === "Add domain" && a.target_id === "school.it"));
      });

      test("a domain is one tenant's: taken (any case) is domain_exists, and nothing changes", async () => {
        assertFailed(await varco("tenant", "domain", "add", "town", "SCHOOL.it"), "domain_exists");
        assertFailed(
          await varco("tenant", "domain", "add", "school", "school.it"),
          "domain_exists",
        );
        assert.deepEqual(output<Domain[]>(await varco("tenant", "domain", "list", "town")), []);
      });

      test("a name that is no DNS name is invalid_domain; an unknown tenant tenant_not_found", async () => {
        for (const bad of [
          "school",
          "school-.it",
          "school..it",
          "sch ool.it",
          "10.0.0.1",
          "a_b.it",
        ]) {
          assertFailed(await varco("tenant", "domain", "add", "town", bad), "invalid_domain");
        }
        assertFailed(
          await varco("tenant", "domain", "add", "town", `${"a".repeat(46)}.it`),
          "invalid_domain",
        );
        assertFailed(
          await varco("tenant", "domain", "add", "nowhere", "nowhere.it"),
          "tenant_not_found",
        );
        assert.deepEqual(output<Domain[]>(await varco("tenant", "domain", "list", "town")), []);
      });

      test("remove takes the domain from its tenant only; then another tenant may add it", async () => {
        assertFailed(
          await varco("tenant", "domain", "remove", "town", "school.it"),
          "domain_not_found",
        );
        output(await varco("tenant", "domain", "remove", "school", "School.it"));
        assert.deepEqual(
          output<Domain[]>(await varco("tenant", "domain", "list", "school")).map((d) => d.domain),
          ["mail.school.it"],
        );
        const audit = output<Audit[]>(
          await runVarco(env, ["audit", "export", "--format", "json", "--tenant", "school"]),
        );
        assert.ok(audit.some((a) => a.action === "Remove domain" && a.target_id === "school.it"));
        output(await varco("tenant", "domain", "add", "town", "school.it"));
      });
    });
  }
});
