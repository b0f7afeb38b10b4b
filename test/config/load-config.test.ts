import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadConfig } from "../../src/config/load-config.ts";
import { isVarcoError, type VarcoError } from "../../src/errors/varco-error.ts";

let dir: string;
let count = 0;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "varco-config-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `text` to a new file and returns its path, for VARCO_CONFIG. */
async function configFile(text: string): Promise<string> {
  const path = join(dir, `config-${++count}.json`);
  await writeFile(path, text);
  return path;
}

/** The invalid_config error loadConfig throws for `env`; fails the test when there is none. */
function configError(env: Record<string, string | undefined>): VarcoError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(isVarcoError(error, "invalid_config"), `not invalid_config: ${String(error)}`);
    return error;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe("loadConfig defaults and sources", () => {
  test("an empty environment gives the documented defaults (SQLite in ./data)", () => {
    assert.deepEqual(loadConfig({}), {
      dataDir: "./data",
      host: "127.0.0.1",
      port: 8080,
      databaseUrl: undefined,
      databasePoolSize: 10,
      databaseTimeoutMs: 5000,
      masterKey: undefined,
      previousMasterKeys: [],
      publicUrl: "http://127.0.0.1:8080",
      trustedProxies: [],
      logLevel: "info",
      auditRetentionDays: 0,
      signInLogRetentionDays: 0,
      smtpUrl: "",
      mailFrom: "varco@localhost",
      metricsToken: undefined,
    });
  });

  test("reads every setting from the environment", () => {
    const config = loadConfig({
      VARCO_DATA_DIR: "/srv/varco",
      VARCO_HOST: "0.0.0.0",
      VARCO_PORT: "9000",
      VARCO_DATABASE_URL: "postgres://varco@db.example.org:5432/varco",
      VARCO_DATABASE_POOL_SIZE: "25",
      VARCO_DATABASE_TIMEOUT_MS: "1500",
      VARCO_MASTER_KEY: "current-key",
      VARCO_PREVIOUS_MASTER_KEYS: "old-1, old-2,",
      VARCO_PUBLIC_URL: "https://mfa.example.org/ignored/path",
      VARCO_TRUSTED_PROXIES: "10.0.0.1, 192.0.2.0/24",
      VARCO_LOG_LEVEL: "debug",
      VARCO_AUDIT_RETENTION_DAYS: "400",
      VARCO_SIGN_IN_LOG_RETENTION_DAYS: "30",
      VARCO_SMTP_URL: "smtp://varco:secret@mail.example.org:587",
      VARCO_MAIL_FROM: "mfa@example.org",
      VARCO_METRICS_TOKEN: "0123456789abcdef0123456789abcdef",
    });
    assert.deepEqual(config, {
      dataDir: "/srv/varco",
      host: "0.0.0.0",
      port: 9000,
      databaseUrl: "postgres://varco@db.example.org:5432/varco",
      databasePoolSize: 25,
      databaseTimeoutMs: 1500,
      masterKey: "current-key",
      previousMasterKeys: ["old-1", "old-2"],
      publicUrl: "https://mfa.example.org",
      trustedProxies: ["10.0.0.1", "192.0.2.0/24"],
      logLevel: "debug",
      auditRetentionDays: 400,
      signInLogRetentionDays: 30,
      smtpUrl: "smtp://varco:secret@mail.example.org:587",
      mailFrom: "mfa@example.org",
      metricsToken: "0123456789abcdef0123456789abcdef",
    });
  });

  test("refuses a metrics token that is short or holds a space, without echoing it", () => {
    for (const token of ["short-secret", `${"x".repeat(31)} y`]) {
      assert.throws(
        () => loadConfig({ VARCO_METRICS_TOKEN: token }),
        (error: Error) =>
          /VARCO_METRICS_TOKEN must be 32 to 512/.test(error.message) &&
          !error.message.includes(token),
      );
    }
  });

  test("refuses an SMTP URL that is not smtp(s), without echoing it, and a sender that is no address", () => {
    assert.throws(
      () => loadConfig({ VARCO_SMTP_URL: "http://user:hunter2@mail" }),
      (error: Error) =>
        /VARCO_SMTP_URL must start with smtp/.test(error.message) &&
        !error.message.includes("hunter2"),
    );
    assert.throws(() => loadConfig({ VARCO_MAIL_FROM: "not an address" }), /VARCO_MAIL_FROM/);
  });

  test("refuses a public URL that is not http(s) and a trusted proxy that is not an address", () => {
    assert.throws(
      () => loadConfig({ VARCO_PUBLIC_URL: "ftp://x" }),
      /VARCO_PUBLIC_URL must be an http/,
    );
    assert.throws(
      () => loadConfig({ VARCO_TRUSTED_PROXIES: "10.0.0.1,proxy.local" }),
      /VARCO_TRUSTED_PROXIES "proxy.local" is not/,
    );
  });

  test("without VARCO_PUBLIC_URL, the public address follows the host and port listened on", () => {
    assert.equal(loadConfig({ VARCO_PORT: "9090" }).publicUrl, "http://127.0.0.1:9090");
    assert.equal(
      loadConfig({ VARCO_HOST: "0.0.0.0", VARCO_PORT: "80" }).publicUrl,
      "http://127.0.0.1",
    );
    assert.equal(
      loadConfig({ VARCO_HOST: "::1", VARCO_PORT: "8081" }).publicUrl,
      "http://[::1]:8081",
    );
    assert.equal(
      loadConfig({ VARCO_HOST: "mfa.example.org" }).publicUrl,
      "http://mfa.example.org:8080",
    );
    assert.equal(loadConfig({ VARCO_PORT: "0" }).publicUrl, "http://127.0.0.1:8080");
    assert.equal(
      loadConfig({ VARCO_PORT: "9090", VARCO_PUBLIC_URL: "https://mfa.example.org" }).publicUrl,
      "https://mfa.example.org",
    );
  });

  test("accepts host names, IPv6 addresses, port 0 and sqlite: URLs", () => {
    assert.equal(loadConfig({ VARCO_HOST: "varco.example.org" }).host, "varco.example.org");
    assert.equal(loadConfig({ VARCO_HOST: "::1" }).host, "::1");
    assert.equal(loadConfig({ VARCO_PORT: "0" }).port, 0);
    assert.equal(loadConfig({ VARCO_PORT: "65535" }).port, 65535);
    const url = "sqlite:/var/lib/varco/varco.db";
    assert.equal(loadConfig({ VARCO_DATABASE_URL: url }).databaseUrl, url);
  });

  test("an empty variable counts as unset", () => {
    const config = loadConfig({ VARCO_PORT: "", VARCO_HOST: "", VARCO_DATABASE_URL: "" });
    assert.equal(config.port, 8080);
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.databaseUrl, undefined);
  });

  test("reads the JSON file named by VARCO_CONFIG, camelCase keys", async () => {
    const path = await configFile(
      JSON.stringify({
        dataDir: "/srv/varco-file",
        host: "10.0.0.5",
        port: 9100,
        databaseUrl: "postgresql://varco@db/varco",
        logLevel: "warn",
        previousMasterKeys: ["old-1", "old-2"],
      }),
    );
    const config = loadConfig({ VARCO_CONFIG: path });
    assert.equal(config.dataDir, "/srv/varco-file");
    assert.equal(config.host, "10.0.0.5");
    assert.equal(config.port, 9100);
    assert.equal(config.databaseUrl, "postgresql://varco@db/varco");
    assert.equal(config.logLevel, "warn");
    assert.deepEqual(config.previousMasterKeys, ["old-1", "old-2"]);
    assert.equal(config.databasePoolSize, 10, "unset in both: the default");
  });

  test("the environment wins over the file; an empty variable falls back to the file", async () => {
    const path = await configFile(JSON.stringify({ port: 9100, host: "10.0.0.5" }));
    const config = loadConfig({ VARCO_CONFIG: path, VARCO_PORT: "9200", VARCO_HOST: "" });
    assert.equal(config.port, 9200);
    assert.equal(config.host, "10.0.0.5");
  });

  test("a bad value in the environment does not hide behind a good one in the file", async () => {
    const path = await configFile(JSON.stringify({ port: 9100 }));
    assert.match(configError({ VARCO_CONFIG: path, VARCO_PORT: "abc" }).message, /VARCO_PORT/);
  });
});

describe("loadConfig refuses bad values, naming the variable", () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ["a port that is not a number", { VARCO_PORT: "abc" }, /VARCO_PORT.*"abc"/],
    ["a port above 65535", { VARCO_PORT: "70000" }, /VARCO_PORT.*65535/],
    ["a negative port", { VARCO_PORT: "-1" }, /VARCO_PORT/],
    ["a fractional port", { VARCO_PORT: "80.5" }, /VARCO_PORT/],
    ["a host with a space and a !", { VARCO_HOST: "bad host!" }, /VARCO_HOST.*"bad host!"/],
    ["a MySQL database URL", { VARCO_DATABASE_URL: "mysql://x" }, /VARCO_DATABASE_URL/],
    ["a log level that does not exist", { VARCO_LOG_LEVEL: "loud" }, /VARCO_LOG_LEVEL.*"loud"/],
    ["a pool of 0 connections", { VARCO_DATABASE_POOL_SIZE: "0" }, /VARCO_DATABASE_POOL_SIZE/],
    [
      "a database timeout in seconds",
      { VARCO_DATABASE_TIMEOUT_MS: "5s" },
      /VARCO_DATABASE_TIMEOUT_MS must be an integer/,
    ],
  ];
  for (const [name, env, message] of cases) {
    test(name, () => {
      const error = configError(env);
      assert.match(error.message, message);
      assert.equal(error.status, 500);
    });
  }

  test("a bad value in the file names the key and the file", async () => {
    const path = await configFile(JSON.stringify({ port: "abc" }));
    const { message } = configError({ VARCO_CONFIG: path });
    assert.ok(message.includes(`port in ${path}`), message);
  });

  test("an unknown key in the file", async () => {
    const path = await configFile(JSON.stringify({ port: 9000, prot: 9001 }));
    const { message } = configError({ VARCO_CONFIG: path });
    assert.ok(message.includes(path), message);
    assert.match(message, /unknown key "prot"/);
  });

  test("an environment-style key in the file is unknown too", async () => {
    const path = await configFile(JSON.stringify({ VARCO_PORT: 9000 }));
    assert.match(configError({ VARCO_CONFIG: path }).message, /unknown key "VARCO_PORT"/);
  });

  test("a file that does not exist", () => {
    const path = join(dir, "missing.json");
    const { message } = configError({ VARCO_CONFIG: path });
    assert.match(message, /VARCO_CONFIG/);
    assert.ok(message.includes(path), message);
  });

  test("a folder instead of a file", () => {
    assert.match(configError({ VARCO_CONFIG: dir }).message, /VARCO_CONFIG/);
  });

  test("a file that is not JSON", async () => {
    const path = await configFile("port = 9000\n");
    assert.match(configError({ VARCO_CONFIG: path }).message, /VARCO_CONFIG/);
  });

  test("a JSON file that does not hold an object", async () => {
    for (const text of ["[]", "null", '"port"', "9000"]) {
      const path = await configFile(text);
      assert.match(
        configError({ VARCO_CONFIG: path }).message,
        /VARCO_CONFIG .*must hold a JSON object/,
      );
    }
  });
});

describe("loadConfig never echoes a secret", () => {
  const password = "hunter2-s3cret";

  test("a database URL with an unsupported scheme", () => {
    const { message } = configError({
      VARCO_DATABASE_URL: `mysql://varco:${password}@db.example.org/varco`,
    });
    assert.match(message, /VARCO_DATABASE_URL/);
    assert.ok(!message.includes(password), message);
    assert.ok(!message.includes("db.example.org"), message);
  });

  test("a postgres URL that does not parse", () => {
    const { message } = configError({
      VARCO_DATABASE_URL: `postgres://varco:${password}@[db.example.org/varco`,
    });
    assert.match(message, /VARCO_DATABASE_URL is not a valid URL/);
    assert.ok(!message.includes(password), message);
  });

  test("a bad database URL in the file", async () => {
    const path = await configFile(
      JSON.stringify({ databaseUrl: `mysql://varco:${password}@db/varco` }),
    );
    const { message } = configError({ VARCO_CONFIG: path });
    assert.ok(message.includes(`databaseUrl in ${path}`), message);
    assert.ok(!message.includes(password), message);
  });

  test("a file with a JSON syntax error next to a secret does not show the secret", async () => {
    const path = await configFile(`{"masterKey": '${password}'}`);
    const { message } = configError({ VARCO_CONFIG: path });
    assert.match(message, /VARCO_CONFIG/);
    // JSON.parse's own message would quote the text after the bad token: the secret.
    assert.ok(!message.includes(password.slice(0, 6)), message);
  });
});

describe("loadConfig reports every problem at once", () => {
  test("problems from the environment and the file come together", async () => {
    const path = await configFile(JSON.stringify({ prot: 1, logLevel: "loud" }));
    const { message } = configError({
      VARCO_CONFIG: path,
      VARCO_PORT: "70000",
      VARCO_HOST: "bad host!",
      VARCO_DATABASE_URL: "mysql://x",
    });
    for (const part of [
      /unknown key "prot"/,
      /VARCO_PORT/,
      /VARCO_HOST/,
      /VARCO_DATABASE_URL/,
      /logLevel in /,
    ]) {
      assert.match(message, part);
    }
    assert.equal(message.split("; ").length, 5, message);
  });
});
