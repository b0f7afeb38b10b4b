import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

// `varco tenant phone show|set`, through the real CLI on SQLite (the settings' rules run on both
// databases in test/phone-settings/phone-settings.test.ts).

const root = join(import.meta.dirname, "../..");
type Result = { exitCode: number; stdout: string; stderr: string };
const smppPassword = "cliPw123";

describe("varco tenant phone", () => {
  let dataDir = "";
  const varco = (args: string[], stdin?: string): Promise<Result> => {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith("VARCO_")),
    );
    return new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [join(root, "bin/varco.js"), ...args],
        { cwd: root, env: { ...clean, VARCO_DATA_DIR: dataDir }, timeout: 30_000 },
        (error, stdout, stderr) => {
          const exitCode = error ? (typeof error.code === "number" ? error.code : -1) : 0;
          resolve({ exitCode, stdout, stderr });
        },
      );
      child.stdin?.end(stdin ?? "");
    });
  };
  const json = (result: Result): Record<string, unknown> => {
    assert.equal(result.exitCode, 0, result.stderr);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "varco-cli-phone-"));
    json(await varco(["tenant", "create", "school", "--json"]));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test("sets a gateway from standard input and the limits; show never prints the password", async () => {
    const gateway = {
      kind: "smpp",
      host: "smsc.example.it",
      port: 2775,
      tls: true,
      systemId: "varco",
      password: smppPassword,
      sourceAddress: "Scuola",
    };
    const set = json(
      await varco(
        [
          "tenant",
          "phone",
          "set",
          "school",
          "--sms-primary-file",
          "-",
          "--allowed-countries",
          "IT,SM",
          "--monthly-message-cap",
          "1000",
          "--fraud-code",
          "9#",
          "--json",
        ],
        JSON.stringify(gateway),
      ),
    );
    assert.deepEqual(set.allowedCountries, ["IT", "SM"]);
    assert.equal(set.monthlyMessageCap, 1000);
    assert.equal(set.smsEnabled, true);
    const shown = await varco(["tenant", "phone", "show", "school", "--json"]);
    assert.deepEqual(json(shown).smsPrimary, {
      kind: "smpp",
      host: "smsc.example.it",
      port: 2775,
      tls: true,
      systemId: "varco",
      sourceAddress: "Scuola",
      configured: true,
    });
    const text = await varco(["tenant", "phone", "show", "school"]);
    assert.match(text.stdout, /^smsPrimary\tsmpp\tsmsc\.example\.it$/m);
    for (const output of [shown.stdout, text.stdout]) {
      assert.equal(output.includes(smppPassword), false);
    }
    // The database file itself (and its write-ahead log, if one is left): sealed, not readable.
    const database = Buffer.concat([
      await readFile(join(dataDir, "varco.db")),
      await readFile(join(dataDir, "varco.db-wal")).catch(() => Buffer.alloc(0)),
    ]);
    assert.ok(database.includes(Buffer.from("tenant_phone_settings")));
    assert.equal(database.includes(Buffer.from(smppPassword)), false);
  });

  test("a bad value is refused with its code, and nothing changes", async () => {
    const before = (await varco(["tenant", "phone", "show", "school", "--json"])).stdout;
    const refused = await varco(["tenant", "phone", "set", "school", "--code-length", "4"]);
    assert.notEqual(refused.exitCode, 0);
    assert.match(refused.stderr, /invalid_phone_limit/);
    const file = join(dataDir, "bad.json");
    await writeFile(file, JSON.stringify({ kind: "twilio", baseUrl: "http://api.example.com" }));
    const gateway = await varco(["tenant", "phone", "set", "school", "--sms-secondary-file", file]);
    assert.match(gateway.stderr, /invalid_sms_gateway/);
    assert.equal((await varco(["tenant", "phone", "show", "school", "--json"])).stdout, before);
  });
});
