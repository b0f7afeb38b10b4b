import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import { openApp } from "../../src/app/open-app.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { activateSoftwareOath } from "../../src/methods/software-oath/activate.ts";
import { enrolSoftwareOath } from "../../src/methods/software-oath/enrol.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { testActor } from "../support/test-app.ts";

// `varco serve` as an operator runs it: a child process, its JSON log on standard output.

const root = join(import.meta.dirname, "../..");
const bin = join(root, "bin/varco.js");

type Server = {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited and its output is read to the end. */
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

function spawnServe(env: Record<string, string>): Server {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("VARCO_")),
  );
  const child = spawn(process.execPath, [bin, "serve"], {
    cwd: root,
    env: { ...clean, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const closed = once(child, "close").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { child, stdout: () => stdout, stderr: () => stderr, closed };
}

/** The complete JSON log lines written so far. */
function logLines(server: Server): { msg?: string; [field: string]: unknown }[] {
  return server
    .stdout()
    .split("\n")
    .slice(0, -1)
    .map((line) => JSON.parse(line));
}

/** Waits for "Server listening at http://..." and returns that address. */
async function listeningAddress(server: Server, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const line of logLines(server)) {
      const match = /^Server listening at (http:\/\/\S+)$/.exec(line.msg ?? "");
      if (match?.[1]) return match[1];
    }
    if (server.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no "Server listening" line; stdout:\n${server.stdout()}\n${server.stderr()}`);
}

describe("varco serve", () => {
  let dataDir: string;
  let server: Server | undefined;
  let base: string;
  let apiKey: string;
  let secret: string;
  const upn = "mario.rossi@example.it";
  const codes: string[] = [];
  const metricsToken = "m".repeat(40);

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "varco-serve-"));
    // An API key and a user with an active authenticator app, in the same data folder.
    const app = await openApp(loadConfig({ VARCO_DATA_DIR: dataDir }));
    try {
      const { ctx } = app;
      const tenant = await findTenant(ctx);
      apiKey = (await createApiKey(ctx, testActor, tenant, { name: "vpn-gateway" })).key;
      const user = await createUser(ctx, testActor, tenant, { upn });
      const enrolment = await enrolSoftwareOath(ctx, testActor, tenant, user, {});
      secret = enrolment.secret;
      const code = await oathtoolTotp(secret, { timeMs: Date.now() });
      codes.push(code);
      await activateSoftwareOath(ctx, testActor, tenant, user, {
        methodId: enrolment.method.id,
        code,
      });
    } finally {
      await app.close();
    }
    server = spawnServe({
      VARCO_DATA_DIR: dataDir,
      VARCO_PORT: "0",
      VARCO_HOST: "127.0.0.1",
      VARCO_AUDIT_RETENTION_DAYS: "30",
      VARCO_SIGN_IN_LOG_RETENTION_DAYS: "30",
      // A typo: warned about, and the default stays.
      VARCO_PROT: "9000",
      VARCO_METRICS_TOKEN: metricsToken,
    });
    base = await listeningAddress(server);
  });

  after(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGKILL");
      await server.closed;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  test("listens on the free port it was given and logs the store", () => {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(base).port, "0");
    const ready = logLines(server as Server).find((line) => line.msg === "store ready");
    assert.equal(ready?.store, "sqlite");
    assert.equal(ready?.dataDir, dataDir);
  });

  test("with retentions set, the audit and sign-in logs are pruned at start", async () => {
    const running = server as Server;
    for (const msg of ["audit log pruned", "sign-in log pruned"]) {
      const pruned = () => logLines(running).find((line) => line.msg === msg);
      const deadline = Date.now() + 5_000;
      while (!pruned() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(pruned()?.removed, 0, `${msg}\n${running.stdout()}`);
    }
  });

  test("expired rows are swept at start, and the log says how many went from each table", async () => {
    const running = server as Server;
    const swept = () => logLines(running).find((line) => line.msg === "expired rows swept");
    const deadline = Date.now() + 5_000;
    while (!swept() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      Object.keys((swept()?.removed ?? {}) as object).sort(),
      [
        "counters",
        "email_codes",
        "password_resets",
        "pending_sign_ins",
        "remembered_devices",
        "sessions",
        "single_use_claims",
        "webauthn_challenges",
      ],
      running.stdout(),
    );
  });

  test("an unknown VARCO_* variable is a warning in the log", () => {
    const warning = logLines(server as Server).find((line) => line.level === 40);
    assert.equal(
      warning?.msg,
      "VARCO_PROT is not a Varco setting and is ignored (did you mean VARCO_PORT?)",
    );
  });

  test("a second server on the same port stops before it touches any database", async () => {
    // Its own new data folder: had it opened its database first, the folder would now exist.
    const otherDir = join(dataDir, "second");
    const second = spawnServe({
      VARCO_DATA_DIR: otherDir,
      VARCO_PORT: new URL(base).port,
      VARCO_HOST: "127.0.0.1",
      VARCO_AUDIT_RETENTION_DAYS: "30",
    });
    const timer = setTimeout(() => second.child.kill("SIGKILL"), 30_000);
    const { code } = await second.closed;
    clearTimeout(timer);
    assert.equal(code, 1, second.stdout() + second.stderr());
    assert.ok(
      second
        .stderr()
        .includes(
          `error: cannot_listen: 127.0.0.1:${new URL(base).port} (VARCO_HOST, VARCO_PORT) is in use by another process`,
        ),
      second.stderr(),
    );
    assert.doesNotMatch(second.stdout(), /expired rows swept|audit log pruned|store ready/);
    assert.equal(existsSync(otherDir), false, "the second server created its data folder");
    const response = await fetch(`${base}/readyz`);
    assert.equal(response.status, 200, "the first server still serves");
  });

  test("GET /healthz", async () => {
    const response = await fetch(`${base}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: "ok" });
    assert.ok(response.headers.get("x-request-id"));
  });

  test("GET /readyz", async () => {
    const response = await fetch(`${base}/readyz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: "ok" });
  });

  test("GET /metrics, with the metrics token only", async () => {
    const refused = await fetch(`${base}/metrics`);
    assert.equal(refused.status, 401);
    const response = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain/);
    const text = await response.text();
    assert.match(text, /^# TYPE varco_http_request_duration_seconds histogram$/m);
    assert.match(text, /varco_http_request_duration_seconds_count\{[^}]*route="\/healthz"/);
  });

  test("GET /api/v1/openapi.json", async () => {
    const response = await fetch(`${base}/api/v1/openapi.json`);
    assert.equal(response.status, 200);
    const spec = (await response.json()) as {
      openapi: string;
      paths: Record<string, { post?: { security?: unknown } }>;
      components: { securitySchemes: Record<string, unknown> };
    };
    assert.match(spec.openapi, /^3\.1\./);
    assert.deepEqual(spec.paths["/api/v1/validate"]?.post?.security, [{ apiKey: [] }]);
    assert.deepEqual(spec.components.securitySchemes.apiKey, { type: "http", scheme: "bearer" });
  });

  test("POST /api/v1/validate accepts a code once", async () => {
    // The activation used the current step: the next one is the first a sign-in may use.
    const code = await oathtoolTotp(secret, { timeMs: Date.now() + 30_000 });
    codes.push(code);
    const validate = () =>
      fetch(`${base}/api/v1/validate`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ upn, code }),
      });
    const first = await validate();
    assert.equal(first.status, 200);
    const accepted = (await first.json()) as { result: string; methodId?: string };
    assert.equal(accepted.result, "accept");
    assert.ok(accepted.methodId);
    const second = await validate();
    assert.equal(second.status, 200);
    assert.deepEqual(await second.json(), { result: "reject" });
  });

  test("request lines reach the log while it runs: buffered, but at most about a second late", async () => {
    const running = server as Server;
    const logged = () =>
      logLines(running).some((line) => line.msg === "request" && line.route === "/metrics");
    const deadline = Date.now() + 5_000;
    while (!logged() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(logged(), running.stdout());
  });

  test("POST /api/v1/validate without an API key is 401", async () => {
    const response = await fetch(`${base}/api/v1/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ upn, code: "123456" }),
    });
    assert.equal(response.status, 401);
  });

  test("SIGTERM: logs shutting down and exits 0", async () => {
    const running = server as Server;
    running.child.kill("SIGTERM");
    assert.deepEqual(await running.closed, { code: 0, signal: null });
    const lines = logLines(running);
    assert.ok(
      lines.some((line) => line.msg === "shutting down" && line.signal === "SIGTERM"),
      running.stdout(),
    );
  });

  test("at the default level the log holds a line per refused request, and no key, secret or code", () => {
    const running = server as Server;
    const requests = logLines(running).filter((line) => line.msg === "request");
    // Validate calls that were answered are in the sign-in log; the refused one only here.
    assert.deepEqual(
      requests.filter((line) => line.route === "/api/v1/validate").map((line) => line.status),
      [401],
    );
    const output = running.stdout() + running.stderr();
    assert.ok(!output.includes(apiKey), "the API key is in the log");
    assert.ok(!output.includes(secret), "the TOTP secret is in the log");
    assert.equal(codes.length, 2);
    for (const code of codes) {
      // As a token of its own: six digits also turn up inside timestamps and request ids.
      const token = new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`);
      assert.doesNotMatch(output, token, "a code is in the log");
    }
  });
});

describe("varco serve with a bad configuration", () => {
  test("a bad VARCO_PORT stops it at once, naming the variable", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "varco-serve-"));
    try {
      const started = Date.now();
      const server = spawnServe({ VARCO_DATA_DIR: dataDir, VARCO_PORT: "80a" });
      const timer = setTimeout(() => server.child.kill("SIGKILL"), 15_000);
      const { code } = await server.closed;
      clearTimeout(timer);
      assert.notEqual(code, 0);
      assert.notEqual(code, null, "it exited by itself");
      assert.match(server.stderr(), /invalid_config: VARCO_PORT must be an integer/);
      assert.doesNotMatch(server.stdout(), /Server listening/);
      assert.ok(Date.now() - started < 10_000);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
