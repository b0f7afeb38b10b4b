// The argon2id bound is measured with the thread pool the server uses: one thread per core.
import "../src/cli/thread-pool.ts";
import { benchClaims, type ClaimFigures } from "./claims.ts";
import { benchEngine } from "./engine.ts";
import { benchSignIn, type SignInFigures } from "./sign-in.ts";
import { formatTable, percent, perSecond, type Row, ratio } from "./table.ts";
import { benchTokenImport } from "./token-import.ts";
import { benchValidateHttp, type CpuPerRequest } from "./validate-http.ts";

// Run with `npm run bench`, or some parts only: `npm run bench -- import validate` (engine,
// claims, sign-in, import, validate). BENCH_CPU_PROF=DIR also writes a CPU profile of each Varco
// server; BENCH_IMPORT_ROWS=10000,100000 imports other sizes than 10,000, 100,000 and 1,000,000
// rows (the first is the one the others' memory is compared with).
// Timings never fail the run: a target missed is reported, not thrown.

const targets = {
  engineOverhead: 2,
  shareOfBare: 0.4,
  p99Ms: 10,
  signInShareOfArgon2: 0.85,
  tokenImportMs: 10_000,
  millionRowImportMs: 30_000,
  /** Peak RSS of a larger import over that of 10,000 rows. */
  importRssGrowth: 1.3,
} as const;
const seconds = 10;
const connections = 50;

// Ctrl-C: exit normally, so the child servers are killed on the way out.
process.once("SIGINT", () => process.exit(130));

const major = Number(process.versions.node.split(".")[0]);
if (major < 24) throw new Error(`run with Node 24 (npm run bench), not ${process.version}`);

const started = Date.now();
const progress = (text: string) => process.stderr.write(`[bench ${elapsed()}] ${text}\n`);
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
const rows: Row[] = [];

const parts = ["engine", "claims", "sign-in", "import", "validate"] as const;
const chosen = process.argv.slice(2);
for (const part of chosen) {
  if (!(parts as readonly string[]).includes(part))
    throw new Error(`unknown part ${part}: the parts are ${parts.join(", ")}`);
}
const selected = (part: (typeof parts)[number]) => chosen.length === 0 || chosen.includes(part);
const importSizes = (process.env.BENCH_IMPORT_ROWS || "10000,100000,1000000")
  .split(",")
  .map(Number);
if (importSizes.some((n) => !Number.isSafeInteger(n) || n <= 0))
  throw new Error("BENCH_IMPORT_ROWS is a list of row counts, e.g. 10000,100000");

if (selected("engine")) {
  progress("engine: verifyTotp against raw HMAC-SHA1");
  const engine = benchEngine({ rounds: 3, ms: 1000 });
  rows.push(
    {
      part: "1 Engine",
      measure: "verifyTotp, SHA1, 6 digits, window 1",
      value: perSecond(engine.verifyPerSecond),
    },
    {
      part: "1 Engine",
      measure: "raw createHmac(sha1).update.digest",
      value: perSecond(engine.rawHmacPerSecond),
    },
    {
      part: "1 Engine",
      measure: "raw / engine",
      value: ratio(engine.rawOverEngine),
      target: `≤ ${targets.engineOverhead}×`,
      met: engine.rawOverEngine <= targets.engineOverhead,
    },
  );
}

if (selected("claims")) {
  for (const [database, concurrency] of [
    ["sqlite", 32],
    ["postgres", 32],
  ] as const) {
    progress(`claims on ${database}`);
    const name = database === "sqlite" ? "SQLite" : "PostgreSQL (pool 10)";
    let claims: ClaimFigures;
    try {
      claims = await benchClaims(database, { ms: 2000, concurrency });
    } catch (error) {
      rows.push({ part: "2 Claims", measure: name, value: `not run: ${(error as Error).message}` });
      continue;
    }
    const inFlight = `${concurrency} in flight`;
    rows.push(
      {
        part: "2 Claims",
        measure: `${name} claimOathStep, ${inFlight}`,
        value: perSecond(claims.claimOathStepPerSecond),
      },
      {
        part: "2 Claims",
        measure: `${name} claimOnce, ${inFlight}`,
        value: perSecond(claims.claimOncePerSecond),
      },
    );
    if (claims.refused > 0) {
      rows.push({
        part: "2 Claims",
        measure: `${name} claims refused (expected 0)`,
        value: String(claims.refused),
      });
    }
  }
}

if (selected("sign-in")) {
  progress("complete sign-ins over HTTP against the argon2id bound");
  const signIn = await benchSignIn({ users: 4000, concurrency: 8, ms: 8000 });
  rows.push(
    {
      part: "4 Sign-in",
      measure: "argon2id verifications, 8 in flight, a thread per core (the bound)",
      value: perSecond(signIn.argon2PerSecond),
    },
    {
      part: "4 Sign-in",
      measure: "complete sign-ins (password + TOTP) over HTTP",
      value: `${perSecond(signIn.signInsPerSecond)}; ${signIn.completed} completed, ${signIn.failed} failed`,
    },
    {
      part: "4 Sign-in",
      measure: "  sign-ins / argon2id bound",
      value: percent(signIn.signInsPerSecond / signIn.argon2PerSecond),
      target: `≥ ${percent(targets.signInShareOfArgon2)}`,
      met: signIn.signInsPerSecond >= targets.signInShareOfArgon2 * signIn.argon2PerSecond,
    },
    ...signInCpuRows(signIn),
    {
      part: "4 Sign-in",
      measure: "refused sign-in, median: unknown user / wrong password",
      value: `${signIn.unknownUserMs.toFixed(1)} ms / ${signIn.wrongPasswordMs.toFixed(1)} ms (${ratio(signIn.unknownUserMs / signIn.wrongPasswordMs)})`,
    },
  );
}

if (selected("import")) {
  progress(
    `hardware token import: ${importSizes.map((n) => n.toLocaleString("en")).join(", ")} rows of CSV`,
  );
  const imports = await benchTokenImport(importSizes);
  for (const one of imports) {
    const target =
      one.rows === 100_000
        ? targets.tokenImportMs
        : one.rows === 1_000_000
          ? targets.millionRowImportMs
          : undefined;
    rows.push(
      {
        part: "5 Token import",
        measure: `${one.rows.toLocaleString("en")} rows, seed CSV, SQLite`,
        value: `${(one.ms / 1000).toFixed(2)} s (CPU ${(one.cpuMs / 1000).toFixed(2)} s), ${one.imported} imported, ${one.failed} refused, peak RSS ${one.maxRssMb.toFixed(0)} MB`,
        ...(target === undefined ? {} : { target: `< ${target / 1000} s`, met: one.ms < target }),
      },
      {
        part: "5 Token import",
        measure: `  ${one.transactions} write transactions, held p50 / p99 / max`,
        value: `${one.transactionP50Ms.toFixed(1)} ms / ${one.transactionP99Ms.toFixed(1)} ms / ${one.transactionMaxMs.toFixed(1)} ms`,
      },
    );
  }
  const [small] = imports;
  for (const large of imports.slice(1)) {
    if (!small) break;
    const share = large.maxRssMb / small.maxRssMb;
    rows.push({
      part: "5 Token import",
      measure: `  peak RSS, ${large.rows.toLocaleString("en")} rows / ${small.rows.toLocaleString("en")} rows`,
      value: `${ratio(share)} (${large.maxRssMb.toFixed(0)} MB / ${small.maxRssMb.toFixed(0)} MB)`,
      target: `≤ ${targets.importRssGrowth}×`,
      met: share <= targets.importRssGrowth,
    });
  }
}

let http: Awaited<ReturnType<typeof benchValidateHttp>> | undefined;
if (selected("validate")) {
  progress(`validate over HTTP: ${connections} connections, ${seconds} s per server`);
  const measured = await benchValidateHttp({
    userCount: 1000,
    connections,
    seconds,
    warmUpSeconds: 2,
    logLevels: [undefined, "warn"],
    cpuProfileDir: process.env.BENCH_CPU_PROF || undefined,
    progress,
  });
  http = measured;
  const describe = (load: typeof measured.bare) =>
    `${perSecond(load.requestsPerSecond, "req/s")}, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms`;
  const describeCpu = (cpu: CpuPerRequest) =>
    cpu
      ? `; server CPU ${cpu.server.toFixed(0)} µs/request (${cpu.serverMain.toFixed(0)} µs event loop)`
      : "";
  rows.push({
    part: "3 Validate HTTP",
    measure: "bare node:http (reads JSON, answers reject)",
    value: `${describe(measured.bare)}${describeCpu(measured.bareCpu)}`,
  });
  for (const run of measured.varco) {
    const level = run.logLevel ?? "info (default)";
    const { load } = run;
    const failures = load.notOk + load.errors;
    rows.push(
      {
        part: "3 Validate HTTP",
        measure: `varco serve, SQLite, log level ${level}`,
        value: `${describe(load)}; ${load.accepted} accepted, ${load.rejected} rejected${failures > 0 ? `, ${load.notOk} non-2xx, ${load.errors} errors` : ""}${describeCpu(run.cpu)}`,
      },
      {
        part: "3 Validate HTTP",
        measure: `  varco / bare rate, log ${level}`,
        value: percent(load.requestsPerSecond / measured.bare.requestsPerSecond),
        target: `≥ ${percent(targets.shareOfBare)}`,
        met: load.requestsPerSecond >= targets.shareOfBare * measured.bare.requestsPerSecond,
      },
      {
        part: "3 Validate HTTP",
        measure: `  varco p99 latency, log ${level}`,
        value: `${load.p99Ms} ms`,
        target: `< ${targets.p99Ms} ms`,
        met: load.p99Ms < targets.p99Ms,
      },
      {
        part: "3 Validate HTTP",
        measure: `  varco event-loop delay, p99 / max, log ${level}`,
        value: `${run.eventLoop.p99Ms.toFixed(1)} ms / ${run.eventLoop.maxMs.toFixed(1)} ms`,
      },
    );
  }
}

const setting = http
  ? `${http.userCount} users per Varco run, ${http.connections} connections × ${http.seconds} s per server, `
  : "";
process.stdout.write(
  `\nVarco benchmark — Node ${process.version}, ${setting}load generator on the same machine\n\n` +
    `${formatTable(rows)}\n\n` +
    (http
      ? "Accepted = a user's first code in a time step; the repeats are rejected as reused.\n"
      : "") +
    `Total time ${elapsed()}.\n`,
);

/**
 * Where a sign-in's CPU went, averaged over the rounds. Every core is busy during the sign-ins, so
 * sign-ins / bound comes to about argon2id's share of that CPU: what the rest costs is taken from it.
 */
function signInCpuRows(figures: SignInFigures): Row[] {
  const cpu = figures.cpuPerSignIn;
  if (!cpu) return [];
  const total = cpu.argon2 + cpu.serverMain + cpu.serverOther + cpu.loadGenerator;
  const ms = (value: number) => value.toFixed(2);
  return [
    {
      part: "4 Sign-in",
      measure: "CPU per sign-in, ms: argon2id / event loop / other server threads / load generator",
      value: `${ms(cpu.argon2)} / ${ms(cpu.serverMain)} / ${ms(cpu.serverOther)} / ${ms(cpu.loadGenerator)}`,
    },
    {
      part: "4 Sign-in",
      measure: "  argon2id CPU per hash while the bound is measured",
      value: `${ms(figures.cpuPerHashMs)} ms`,
    },
    {
      part: "4 Sign-in",
      measure: "  argon2id's share of the CPU used by sign-ins (≈ what sign-ins / bound can reach)",
      value: percent(cpu.argon2 / total),
    },
  ];
}
