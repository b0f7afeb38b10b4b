import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { openApp } from "../../src/app/open-app.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listRoleAssignments } from "../../src/store/queries/roles.ts";
import { findTenantByName, listTenants } from "../../src/store/queries/tenants.ts";
import { listUsers } from "../../src/store/queries/users.ts";
import { createTestDatabase, databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { type VarcoResult as Result, runVarco } from "../support/run-varco.ts";
import { buildTestServer } from "../support/test-app.ts";

// `varco setup` as an operator runs it on a fresh installation: a child process each time, then
// the data folder opened to see what it left, and the pass it printed used at the sign-in API.

function refused(result: Result, code: string): void {
  assert.equal(result.exitCode, 1, result.stderr);
  assert.match(result.stderr, new RegExp(`^error: ${code}: `, "m"));
  assert.equal(result.stdout, "");
}

type SetupJson = {
  tenant: string;
  tenantCreated: boolean;
  domain: string;
  userPrincipalName: string;
  temporaryAccessPass: string;
  isUsableOnce: boolean;
  signInUrl: string;
};

describe("varco setup", () => {
  for (const kind of databaseKinds) {
    test(`${kind}: one Global Administrator, refusals that change nothing, a pass that works once`, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "varco-setup-"));
      const database = kind === "postgres" ? await createTestDatabase("postgres") : undefined;
      const env: Record<string, string> = {
        VARCO_DATA_DIR: dataDir,
        VARCO_PUBLIC_URL: "https://mfa.school.it",
        ...(database ? { VARCO_DATABASE_URL: database.url } : {}),
      };
      try {
        // Refused before anything is written: the user name is not in the domain.
        refused(
          await runVarco(env, [
            "setup",
            "--admin-upn",
            "admin@school.com",
            "--domain",
            "school.it",
          ]),
          "upn_outside_domain",
        );
        refused(
          await runVarco(env, ["setup", "--admin-upn", "admin@school", "--domain", "school"]),
          "invalid_domain",
        );

        // Two operators at once: one Global Administrator, and a clear refusal for the other.
        const both = await Promise.all(
          ["admin", "preside"].map((name) =>
            runVarco(env, [
              "setup",
              "--admin-upn",
              `${name}@School.it`,
              "--domain",
              "School.it",
              "--display-name",
              "Scuola Media",
              "--json",
            ]),
          ),
        );
        const won = both.filter((r) => r.exitCode === 0);
        assert.equal(won.length, 1, both.map((r) => r.stderr).join("\n"));
        const lost = both.find((r) => r.exitCode !== 0) as Result;
        refused(lost, "already_set_up");
        const done = JSON.parse((won[0] as Result).stdout) as SetupJson;
        assert.equal(done.tenant, "school", "named after the domain's first part");
        assert.equal(done.tenantCreated, true);
        assert.equal(done.domain, "school.it");
        assert.equal(done.isUsableOnce, true);
        assert.match(done.temporaryAccessPass, /^[34679ACDEFGHJKLMNPQRTUVWXY]{10}$/);
        assert.equal(done.signInUrl, "https://mfa.school.it/t/school/sign-in/tap");
        const adminUpn = done.userPrincipalName;

        // Setup ran: again, even for another tenant's name with the same domain, nothing changes.
        refused(
          await runVarco(env, ["setup", "--admin-upn", "x@school.it", "--domain", "school.it"]),
          "already_set_up",
        );
        refused(
          await runVarco(env, [
            ...["setup", "--admin-upn", "x@school.it", "--domain", "school.it"],
            ...["--tenant", "second"],
          ]),
          "domain_exists",
        );

        // A tenant that exists without a Global Administrator gets one (the default tenant).
        const human = await runVarco(env, [
          ...["setup", "--admin-upn", "sindaco@comune.example", "--domain", "comune.example"],
          ...["--tenant", "default"],
        ]);
        assert.equal(human.exitCode, 0, human.stderr);
        assert.match(human.stdout, /^tenant: +default \(default\), which existed$/m);
        assert.match(
          human.stdout,
          /^administrator: +sindaco@comune\.example \(Global Administrator\)$/m,
        );
        assert.match(human.stdout, /^pass: +[34679ACDEFGHJKLMNPQRTUVWXY]{10}$/m);
        assert.match(
          human.stdout,
          /^Sign in at https:\/\/mfa\.school\.it\/t\/default\/sign-in\/tap$/m,
        );

        const app = await openApp(loadConfig(env));
        try {
          const { ctx } = app;
          const db = ctx.store.db;
          assert.deepEqual(
            (await listTenants(db)).map((t) => [t.name, t.displayName]),
            [
              ["default", "default"],
              ["school", "Scuola Media"],
            ],
            "no tenant from the refused runs",
          );
          const school = await findTenantByName(db, "school");
          assert.ok(school);
          const users = await listUsers(db, school.id);
          assert.deepEqual(
            users.map((u) => u.upn),
            [adminUpn],
          );
          assert.deepEqual(
            (await listRoleAssignments(db, school.id)).map((a) => [a.principalId, a.role]),
            [[users[0]?.id, "globalAdministrator"]],
          );
          // Each change on the record, in the order made, by the operator who ran the command.
          const entries = (await listAudit(db, school.id, 20)).sort(
            (a, b) => Number(a.seq) - Number(b.seq),
          );
          assert.deepEqual(
            entries.map((e) => e.action),
            [
              "Add tenant",
              "Add domain",
              "Add user",
              "Add member to role",
              "Create temporary access pass",
              "Set up first administrator",
            ],
          );
          assert.ok(entries.every((e) => e.actor_name.startsWith("cli")));
          const last = JSON.parse(entries.at(-1)?.details_json ?? "{}");
          assert.deepEqual(last, {
            upn: adminUpn,
            tenant: "school",
            domain: "school.it",
            tenantCreated: true,
          });
          assert.ok(
            entries.every((e) => !e.details_json.includes(done.temporaryAccessPass)),
            "the pass is never in the audit log",
          );

          // The pass signs in once, the domain finding the tenant; then the password is owed.
          const server = await buildTestServer(ctx);
          try {
            const signIn = () =>
              browserLike(server).json("POST", "/api/v1/sign-in/temporary-access-pass", {
                upn: adminUpn.toUpperCase(),
                temporaryAccessPass: done.temporaryAccessPass.toLowerCase(),
              });
            const first = await signIn();
            assert.equal(first.statusCode, 200, first.body);
            assert.deepEqual(first.json(), { state: "change_password", reason: "administrator" });
            const again = await signIn();
            assert.equal(again.statusCode, 401, again.body);
          } finally {
            await server.close();
          }
        } finally {
          await app.close();
        }
      } finally {
        await database?.drop();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  }
});
