import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { type VarcoResult as Result, runVarco } from "../support/run-varco.ts";

// The real CLI in child processes: each call costs a Node start-up, so the two databases run their
// stories side by side, and calls that do not depend on each other run together. On SQLite only
// commands that write without reading first run alongside others (see the report on "database is
// locked"); the rest run one at a time on both databases, so the story is the same.

type Env = Record<string, string | undefined>;

/** The JSON a successful call printed. */
function output<T = Record<string, unknown>>(result: Result): T {
  assert.equal(result.exitCode, 0, `exit ${result.exitCode}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** A call that failed with `code` on standard error and nothing on standard output. */
function assertFailed(result: Result, code: string): void {
  assert.equal(result.exitCode, 1, result.stderr);
  assert.match(result.stderr, new RegExp(`^error: ${code}\\b`, "m"));
  assert.equal(result.stdout, "");
}

/** A code from oathtool that is surely not the current one (last digit changed). */
function wrongCode(code: string): string {
  return code.slice(0, -1) + ((Number(code.at(-1)) + 1) % 10);
}

type Setup = { env: Env; database?: TestDatabase; dirs: string[] };

/** A fresh data folder, and for PostgreSQL a fresh database too. */
async function freshSetup(kind: "sqlite" | "postgres"): Promise<Setup> {
  const dataDir = await mkdtemp(join(tmpdir(), "varco-cli-"));
  if (kind === "sqlite") return { env: { VARCO_DATA_DIR: dataDir }, dirs: [dataDir] };
  const database = await createTestDatabase("postgres");
  return {
    env: { VARCO_DATA_DIR: dataDir, VARCO_DATABASE_URL: database.url },
    database,
    dirs: [dataDir],
  };
}

async function dropSetup(setup: Setup | undefined): Promise<void> {
  if (!setup) return;
  await setup.database?.drop();
  for (const dir of setup.dirs) await rm(dir, { recursive: true, force: true });
}

type Tenant = { id: string; name: string; displayName: string };
type User = { id: string; upn: string; blocked: boolean; blockedReason: string | null };
type Method = {
  id: string;
  kind: string;
  state: string;
  isDefault: boolean;
  failedAttempts: number;
  algorithm: string;
  digits: number;
  period: number;
};
type ApiKey = { id: string; name: string; revokedAt: string | null };

describe("varco CLI", { concurrency: true }, () => {
  for (const kind of databaseKinds) {
    describe(`on ${kind}`, { concurrency: false }, () => {
      let setup: Setup | undefined;
      let migrateSetup: Setup | undefined;
      const varco = (args: string[], input?: string) =>
        runVarco(setup?.env ?? {}, [...args, "--json"], input);
      const upn = "alice@school.it";
      const alice = ["--upn", upn, "--tenant", "school"];
      let totp: { id: string; secret: string; otpauthUri: string };

      before(async () => {
        [setup, migrateSetup] = await Promise.all([freshSetup(kind), freshSetup(kind)]);
      });
      after(async () => {
        await Promise.all([dropSetup(setup), dropSetup(migrateSetup)]);
      });

      test("migrate applies the migrations to a fresh database, then nothing", async () => {
        const env = migrateSetup?.env ?? {};
        const first = output<{ applied: string[] }>(await runVarco(env, ["migrate", "--json"]));
        assert.ok(first.applied.length > 0, JSON.stringify(first));
        assert.ok(first.applied.includes("0001-initial"), JSON.stringify(first));
        const second = output<{ applied: string[] }>(await runVarco(env, ["migrate", "--json"]));
        assert.deepEqual(second, { applied: [] });
      });

      test("the first command creates the store and the default tenant", async () => {
        const tenants = output<Tenant[]>(await varco(["tenant", "list"]));
        assert.deepEqual(
          tenants.map((t) => [t.name, t.displayName]),
          [["default", "default"]],
        );
      });

      test("tenant create", async () => {
        const created = output<Tenant>(
          await varco(["tenant", "create", "school", "--display-name", "Scuola"]),
        );
        assert.equal(created.name, "school");
        assert.equal(created.displayName, "Scuola");
        const tenants = output<Tenant[]>(await varco(["tenant", "list"]));
        assert.deepEqual(tenants.map((t) => t.name).sort(), ["default", "school"]);
      });

      test("tenant rename changes the name people see, and nothing else", async () => {
        const renamed = output<Tenant>(
          await varco(["tenant", "rename", "--display-name", "  Comune di Bassano "]),
        );
        assert.deepEqual([renamed.name, renamed.displayName], ["default", "Comune di Bassano"]);
        const tenants = output<Tenant[]>(await varco(["tenant", "list"]));
        assert.deepEqual(tenants.map((t) => [t.name, t.displayName]).sort(), [
          ["default", "Comune di Bassano"],
          ["school", "Scuola"],
        ]);
        assertFailed(
          await varco(["tenant", "rename", "school", "--display-name", " "]),
          "invalid_request",
        );
        assertFailed(
          await varco(["tenant", "rename", "nowhere", "--display-name", "X"]),
          "tenant_not_found",
        );
      });

      test("user create reads the password from standard input", async () => {
        const password = "correct horse battery";
        const created = output<User>(
          await varco(["user", "create", ...alice, "--password-stdin"], `${password}\n`),
        );
        assert.equal(created.upn, upn);
        assert.equal(created.blocked, false);
        assert.ok(!JSON.stringify(created).includes(password));
      });

      test("user show and user list", async () => {
        const [shown, listed, otherTenant] = await Promise.all([
          varco(["user", "show", upn, "--tenant", "school"]),
          varco(["user", "list", "--tenant", "school"]),
          varco(["user", "list"]),
        ]);
        const user = output<User & { methods: Method[] }>(shown);
        assert.equal(user.upn, upn);
        assert.deepEqual(user.methods, []);
        assert.deepEqual(
          output<User[]>(listed).map((u) => [u.upn, u.id]),
          [[upn, user.id]],
        );
        assert.deepEqual(output(otherTenant), [], "the default tenant has no users");
      });

      test("refuses bad input with a stable code", async () => {
        const [badUpn, duplicate, noTenant, noUser, digits7, missingOption] = await Promise.all([
          varco(["user", "create", "--upn", "not-an-upn", "--tenant", "school"]),
          varco(["user", "create", "--upn", "ALICE@school.it", "--tenant", "school"]),
          varco(["user", "create", "--upn", "bob@school.it", "--tenant", "nowhere"]),
          varco(["user", "show", "nobody@school.it", "--tenant", "school"]),
          varco(["method", "add-totp", ...alice, "--digits", "7"]),
          varco(["method", "activate", ...alice, "--id", "x"]),
        ]);
        assertFailed(badUpn, "invalid_upn");
        assertFailed(duplicate, "user_exists");
        assertFailed(noTenant, "tenant_not_found");
        assertFailed(noUser, "user_not_found");
        assertFailed(digits7, "invalid_otp_parameters");
        assert.notEqual(missingOption.exitCode, 0);
        assert.match(missingOption.stderr, /required option '--code <code>' not specified/);
      });

      test("method add-totp returns the secret and its otpauth URI once", async () => {
        totp = output(
          await varco([
            "method",
            "add-totp",
            ...alice,
            "--algorithm",
            "SHA256",
            "--digits",
            "8",
            "--period",
            "60",
          ]),
        );
        assert.match(totp.secret, /^[A-Z2-7]+$/);
        const uri = new URL(totp.otpauthUri);
        assert.equal(uri.protocol, "otpauth:");
        assert.equal(uri.host, "totp");
        assert.equal(decodeURIComponent(uri.pathname), `/Scuola:${upn}`);
        assert.equal(uri.searchParams.get("secret"), totp.secret);
        assert.equal(uri.searchParams.get("issuer"), "Scuola");
        assert.equal(uri.searchParams.get("algorithm"), "SHA256");
        assert.equal(uri.searchParams.get("digits"), "8");
        assert.equal(uri.searchParams.get("period"), "60");
      });

      test("method activate refuses a wrong code, then takes a current one", async () => {
        const parameters = { algorithm: "SHA256", digits: 8, period: 60 };
        const code = await oathtoolTotp(totp.secret, { timeMs: Date.now(), ...parameters });
        assert.match(code, /^\d{8}$/);
        const activate = ["method", "activate", ...alice, "--id", totp.id, "--code"];
        const wrong = await varco([...activate, wrongCode(code)]);
        assertFailed(wrong, "invalid_code");
        assert.ok(!wrong.stderr.includes(code), "the error does not give the right code away");
        assert.deepEqual(output(await varco([...activate, code])), {
          id: totp.id,
          state: "active",
        });
      });

      test("method list shows the method active and default", async () => {
        const methods = output<Method[]>(await varco(["method", "list", ...alice]));
        assert.equal(methods.length, 1);
        const [method] = methods;
        assert.equal(method?.id, totp.id);
        assert.equal(method?.kind, "softwareOath");
        assert.equal(method?.state, "active");
        assert.equal(method?.isDefault, true);
        assert.equal(method?.failedAttempts, 0, "the activation reset the failed count");
        assert.deepEqual([method?.algorithm, method?.digits, method?.period], ["SHA256", 8, 60]);
        assert.ok(!JSON.stringify(methods).includes(totp.secret), "the secret is not listed");
      });

      test("at most 5 OATH methods per user", async () => {
        // One at a time: enrolment reads then writes (see the note at the top).
        for (let i = 2; i <= 5; i++) {
          output(await varco(["method", "add-totp", ...alice, "--label", `phone-${i}`]));
        }
        assertFailed(
          await varco(["method", "add-totp", ...alice, "--label", "phone-6"]),
          "method_limit_reached",
        );
      });

      test("apikey create, list and revoke; the key is shown once", async () => {
        const created = output<{ id: string; key: string }>(
          await varco(["apikey", "create", "--name", "vpn-gateway", "--tenant", "school"]),
        );
        assert.match(created.key, /^varco_\S{20,}$/);
        const listed = await varco(["apikey", "list", "--tenant", "school"]);
        assert.ok(!listed.stdout.includes(created.key), "the list never holds the key");
        assert.deepEqual(
          output<ApiKey[]>(listed).map((k) => [k.id, k.name, k.revokedAt]),
          [[created.id, "vpn-gateway", null]],
        );
        assert.deepEqual(output(await varco(["apikey", "revoke", created.id])), {
          id: created.id,
          revoked: true,
        });
        const [listedAfter, again] = await Promise.all([
          varco(["apikey", "list", "--tenant", "school"]),
          varco(["apikey", "revoke", created.id]),
        ]);
        assert.ok(output<ApiKey[]>(listedAfter)[0]?.revokedAt, "revokedAt is set");
        assertFailed(again, "api_key_not_found");
      });

      test("user block and unblock", async () => {
        const blocked = output<User>(
          await varco([
            "user",
            "block",
            upn,
            "--tenant",
            "school",
            "--reason",
            "lost phone",
            "--ticket",
            "HD-77",
          ]),
        );
        const audit = JSON.parse(
          (await runVarco(setup?.env ?? {}, ["audit", "export", "--format", "json"])).stdout,
        ) as { action: string; details: Record<string, unknown> }[];
        assert.deepEqual(audit.at(-1)?.details, {
          upn,
          reason: "lost phone",
          before: { blocked: false },
          after: { blocked: true },
          ticket: "HD-77",
        });
        assert.equal(blocked.blocked, true);
        const shown = output<User>(await varco(["user", "show", upn, "--tenant", "school"]));
        assert.equal(shown.blocked, true);
        assert.equal(shown.blockedReason, "lost phone");
        const unblocked = output<User>(
          await varco(["user", "unblock", upn, "--tenant", "school", "--reason", "found it"]),
        );
        assert.equal(unblocked.blocked, false);
        assert.equal(unblocked.blockedReason, null);
      });

      test("user require-reregistration, keeping or removing the methods", async () => {
        const kept = output<{ reregistrationRequired: boolean; methodsRemoved: number }>(
          await varco(["user", "require-reregistration", upn, "--tenant", "school"]),
        );
        assert.deepEqual([kept.reregistrationRequired, kept.methodsRemoved], [true, 0]);
        const methods = output<Method[]>(await varco(["method", "list", ...alice]));
        assert.ok(methods.length > 0, "the methods are kept");
        const shown = output<{ reregisterRequiredAt: string | null }>(
          await varco(["user", "show", upn, "--tenant", "school"]),
        );
        assert.match(shown.reregisterRequiredAt ?? "", /^\d{4}-\d\d-\d\dT/);
      });

      test("tap create (shown once), show, remove", async () => {
        const created = output<{
          temporaryAccessPass: string;
          lifetimeInMinutes: number;
          isUsableOnce: boolean;
        }>(
          await varco([
            "tap",
            "create",
            ...alice,
            "--lifetime-minutes",
            "90",
            "--once",
            "--ticket",
            "HD-9",
          ]),
        );
        assert.match(created.temporaryAccessPass, /^[34679ACDEFGHJKLMNPQRTUVWXY]{10}$/);
        assert.deepEqual([created.lifetimeInMinutes, created.isUsableOnce], [90, true]);
        assertFailed(await varco(["tap", "create", ...alice]), "temporary_access_pass_exists");
        assertFailed(
          await varco(["tap", "create", ...alice, "--lifetime-minutes", "5"]),
          "invalid_temporary_access_pass",
        );
        const shown = await varco(["tap", "show", ...alice]);
        assert.equal(
          output<{ methodUsabilityReason: string }>(shown).methodUsabilityReason,
          "active",
        );
        assert.ok(!shown.stdout.includes(created.temporaryAccessPass), "shown once only");
        output(await varco(["tap", "remove", ...alice, "--ticket", "HD-9"]));
        assertFailed(await varco(["tap", "show", ...alice]), "temporary_access_pass_not_found");
      });

      test("role assign, list, unassign; apiclient create (secret once), list, assign-role, unassign-role, revoke", async () => {
        output(await varco(["role", "assign", ...alice, "--role", "Helpdesk Administrator"]));
        assertFailed(
          await varco(["role", "assign", ...alice, "--role", "helpdeskAdministrator"]),
          "invalid_request",
        );
        assertFailed(
          await varco(["role", "assign", ...alice, "--role", "king"]),
          "invalid_request",
        );
        const held = output<{ role: string; principalId: string; name: string }[]>(
          await varco(["role", "list", "--tenant", "school"]),
        );
        assert.deepEqual(held, [
          {
            role: "helpdeskAdministrator",
            principalType: "user",
            principalId: held[0]?.principalId,
            name: upn,
          },
        ]);
        output(await varco(["role", "unassign", ...alice, "--role", "helpdeskAdministrator"]));
        const created = output<{ clientId: string; clientSecret: string; roles: string[] }>(
          await varco([
            "apiclient",
            "create",
            "--name",
            "portal",
            "--role",
            "securityReader,helpdeskAdministrator",
            "--tenant",
            "school",
          ]),
        );
        assert.deepEqual(created.roles, ["securityReader", "helpdeskAdministrator"]);
        const listed = await varco(["apiclient", "list", "--tenant", "school"]);
        assert.ok(!listed.stdout.includes(created.clientSecret), "the secret is shown once");
        assert.deepEqual(
          output<{ clientId: string; roles: string[] }[]>(listed).map((c) => [c.clientId, c.roles]),
          [[created.clientId, ["helpdeskAdministrator", "securityReader"]]],
        );
        const client = ["--tenant", "school", created.clientId];
        output(await varco(["apiclient", "unassign-role", ...client, "--role", "securityReader"]));
        output(await varco(["apiclient", "assign-role", ...client, "--role", "Security Reader"]));
        assertFailed(
          await varco(["apiclient", "assign-role", ...client, "--role", "securityReader"]),
          "invalid_request",
        );
        output(
          await varco(["apiclient", "unassign-role", ...client, "--role", "helpdeskAdministrator"]),
        );
        const lastRole = await varco([
          "apiclient",
          "unassign-role",
          ...client,
          "--role",
          "securityReader",
        ]);
        assertFailed(lastRole, "invalid_request");
        assert.match(lastRole.stderr, /keeps at least one role/);
        assert.deepEqual(
          output<{ roles: string[] }[]>(
            await varco(["apiclient", "list", "--tenant", "school"]),
          ).map((c) => c.roles),
          [["securityReader"]],
        );
        output(await varco(["apiclient", "revoke", created.clientId, "--tenant", "school"]));
        assertFailed(
          await varco(["apiclient", "revoke", created.clientId, "--tenant", "school"]),
          "not_found",
        );
        assertFailed(
          await varco(["apiclient", "assign-role", ...client, "--role", "globalAdministrator"]),
          "not_found",
        );
      });

      test("tokens import (errors to CSV), list, assign, activate with the token's code", async () => {
        const dir = setup?.dirs[0] ?? "";
        const file = join(dir, "tokens.csv");
        const key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        await writeFile(
          file,
          [
            "upn,serial number,secret key,time interval,manufacturer,model",
            `,HW-${kind}-1,${key},30,Contoso,HardwareKey`,
            `nobody@school.it,HW-${kind}-2,${key},30,Contoso,HardwareKey`,
            `,=HYPERLINK("http://evil"),${key},45,Contoso,HardwareKey`,
          ].join("\n"),
        );
        const imported = output<{ imported: number; failed: number; errorsFile: string }>(
          await varco(["tokens", "import", file, "--tenant", "school"]),
        );
        assert.deepEqual([imported.imported, imported.failed], [1, 2]);
        const errors = (await readFile(imported.errorsFile, "utf8")).split("\r\n");
        assert.equal(
          errors[0],
          "line,upn,serial number,secret key,time interval,manufacturer,model,error",
        );
        assert.match(errors[1] ?? "", /^3,nobody@school.it,.*no user nobody@school.it/);
        assert.ok(!errors.join("").includes(key), "no seed in the error file");
        assert.ok(!/(^|,)=HYPERLINK/.test(errors[2] ?? ""), "no formula in the error file");
        const listed = output<{ serialNumber: string; status: string }[]>(
          await varco(["tokens", "list", "--tenant", "school"]),
        );
        assert.deepEqual(
          listed.map((token) => [token.serialNumber, token.status]),
          [[`HW-${kind}-1`, "available"]],
        );
        // Alice has her 5 OATH methods by now (the limit counts tokens too): Bruno gets it.
        assertFailed(
          await varco(["tokens", "assign", "--serial", `HW-${kind}-1`, ...alice]),
          "method_limit_reached",
        );
        output(await varco(["user", "create", "--upn", "bruno@school.it", "--tenant", "school"]));
        const bruno = ["--upn", "bruno@school.it", "--tenant", "school"];
        const assigned = output<{ status: string; upn: string }>(
          await varco(["tokens", "assign", "--serial", `HW-${kind}-1`, ...bruno]),
        );
        assert.deepEqual([assigned.status, assigned.upn], ["assigned", "bruno@school.it"]);
        const code = await oathtoolTotp(key, { timeMs: Date.now() });
        const activated = output<{ status: string }>(
          await varco([
            "tokens",
            "activate",
            "--serial",
            `HW-${kind}-1`,
            "--code",
            code,
            "--tenant",
            "school",
          ]),
        );
        assert.equal(activated.status, "activated");
      });

      test("user locked, unlock and revoke-sessions", async () => {
        // Lockout itself is tested with the flows (test/lockout): here, the commands' answers.
        assert.deepEqual(output(await varco(["user", "locked", "--tenant", "school"])), []);
        assertFailed(await varco(["user", "unlock", ...alice.slice(1)]), "invalid_request");
        assert.deepEqual(
          output(await varco(["user", "revoke-sessions", upn, "--tenant", "school"])),
          {
            id: output<User>(await varco(["user", "show", upn, "--tenant", "school"])).id,
            sessions: 0,
            devices: 0,
          },
        );
      });

      test("method remove", async () => {
        assert.deepEqual(output(await varco(["method", "remove", ...alice, "--id", totp.id])), {
          id: totp.id,
          removed: true,
        });
        const [listed, again] = await Promise.all([
          varco(["method", "list", ...alice]),
          varco(["method", "remove", ...alice, "--id", totp.id]),
        ]);
        const methods = output<Method[]>(listed);
        assert.equal(methods.length, 4);
        assert.ok(!methods.some((m) => m.id === totp.id));
        assert.ok(!methods.some((m) => m.isDefault), "no active method is left to be default");
        assertFailed(again, "method_not_found");
      });

      test("user create with mail, phone and department; user update; user delete", async () => {
        const school = ["--tenant", "school"];
        const created = output<User & { mail: string; mobilePhone: string; department: string }>(
          await varco([
            "user",
            "create",
            "--upn",
            "bob@school.it",
            ...school,
            "--mail",
            "bob@school.it",
            "--mobile-phone",
            "+39 333 1234567",
            "--department",
            "Segreteria",
          ]),
        );
        assert.deepEqual(
          [created.mail, created.mobilePhone, created.department],
          ["bob@school.it", "+39 333 1234567", "Segreteria"],
        );
        assertFailed(
          await varco(["user", "update", "bob@school.it", ...school, "--mobile-phone", "123"]),
          "invalid_phone_number",
        );
        const updated = output<User & { mail: string | null; department: string }>(
          await varco([
            "user",
            "update",
            "bob@school.it",
            ...school,
            "--mail",
            "",
            "--department",
            "Didattica",
            "--no-enabled",
            "--reason",
            "on leave",
          ]),
        );
        assert.deepEqual(
          [updated.mail, updated.department, updated.blocked, updated.blockedReason],
          [null, "Didattica", true, "on leave"],
        );
        assert.deepEqual(output(await varco(["user", "delete", "bob@school.it", ...school])), {
          id: created.id,
          upn: "bob@school.it",
          deleted: true,
        });
        assertFailed(await varco(["user", "show", "bob@school.it", ...school]), "user_not_found");
        assertFailed(await varco(["user", "delete", "bob@school.it", ...school]), "user_not_found");
      });
    });
  }
});
