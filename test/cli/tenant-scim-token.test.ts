import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openApp } from "../../src/app/open-app.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { buildServer } from "../../src/http/build-server.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/databases.ts";
import { type VarcoResult as Result, runVarco } from "../support/run-varco.ts";

// `varco tenant scim-token create|list|revoke`, through the real CLI, on both databases: the token
// printed once works at /scim/v2 for its tenant, the list never shows it, a revoked one is refused.

type Token = {
  id: string;
  tenant: string;
  name: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  token?: string;
};

function output<T>(result: Result): T {
  assert.equal(result.exitCode, 0, `exit ${result.exitCode}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

describe("varco tenant scim-token", { concurrency: true }, () => {
  for (const kind of databaseKinds) {
    describe(`on ${kind}`, { concurrency: false }, () => {
      let dataDir = "";
      let database: TestDatabase | undefined;
      let env: Record<string, string> = {};
      const varco = (...args: string[]) => runVarco(env, [...args, "--json"]);
      /** A request to /scim/v2/Users with `token`, on a server over the same data. */
      const scimStatus = async (token: string): Promise<number> => {
        const app = await openApp(loadConfig(env));
        const server = await buildServer(app.ctx, { logLevel: "silent" });
        try {
          const answer = await server.inject({
            url: "/scim/v2/Users",
            headers: { authorization: `Bearer ${token}` },
          });
          return answer.statusCode;
        } finally {
          await server.close();
          await app.close();
        }
      };

      before(async () => {
        dataDir = await mkdtemp(join(tmpdir(), "varco-cli-scim-"));
        env = { VARCO_DATA_DIR: dataDir };
        if (kind === "postgres") {
          database = await createTestDatabase("postgres");
          env.VARCO_DATABASE_URL = database.url;
        }
        output(await varco("tenant", "create", "school"));
      });
      after(async () => {
        await database?.drop();
        await rm(dataDir, { recursive: true, force: true });
      });

      test("create prints the token once; it provisions; list hides it; revoke ends it", async () => {
        const created = output<Token>(
          await varco("tenant", "scim-token", "create", "school", "--name", "entra-id"),
        );
        assert.match(created.token ?? "", /^varco_scim_[A-Za-z0-9_-]{43}$/);
        assert.equal(created.tenant, "school");
        assert.equal(created.lastUsedAt, null);
        assert.equal(await scimStatus(created.token ?? ""), 200);
        const listed = await varco("tenant", "scim-token", "list", "school");
        assert.ok(!listed.stdout.includes(created.token ?? "-"));
        assert.deepEqual(
          output<Token[]>(listed).map((t) => [t.id, t.name, t.revokedAt]),
          [[created.id, "entra-id", null]],
        );
        assert.notEqual(
          output<Token[]>(listed)[0]?.lastUsedAt,
          null,
          "the list tells when it was last used",
        );
        const revoked = output<Token>(
          await varco("tenant", "scim-token", "revoke", "school", created.id),
        );
        assert.notEqual(revoked.revokedAt, null);
        assert.equal(await scimStatus(created.token ?? ""), 401);
        const again = await varco("tenant", "scim-token", "revoke", "school", created.id);
        assert.equal(again.exitCode, 1);
        assert.match(again.stderr, /^error: scim_token_not_found\b/m);
        const audit = output<{ action: string }[]>(
          await runVarco(env, ["audit", "export", "--format", "json", "--tenant", "school"]),
        );
        const actions = audit.map((a) => a.action);
        assert.ok(actions.includes("Add SCIM token") && actions.includes("Revoke SCIM token"));
      });

      test("a token of another tenant is not found there; an unknown tenant is tenant_not_found", async () => {
        output(await varco("tenant", "create", "town"));
        const created = output<Token>(await varco("tenant", "scim-token", "create", "school"));
        const wrong = await varco("tenant", "scim-token", "revoke", "town", created.id);
        assert.match(wrong.stderr, /^error: scim_token_not_found\b/m);
        const unknown = await varco("tenant", "scim-token", "create", "nowhere");
        assert.match(unknown.stderr, /^error: tenant_not_found\b/m);
        assert.equal(await scimStatus(created.token ?? ""), 200);
      });
    });
  }
});
