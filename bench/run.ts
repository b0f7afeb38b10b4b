// The argon2id bound is measured with the thread pool the server uses: one thread per core.
import "../src/cli/thread-pool.ts";
import { benchClaims, type ClaimFigures } from "./claims.ts";
import { benchEngine } from "./engine.ts";
import type { LoadFigures } from "./load.ts";
import type { OpenLoopFigures } from "./open-loop.ts";
import { benchSignIn, type SignInFigures } from "./sign-in.ts";
import { benchSms } from "./sms.ts";
import { formatTable, percent, perSecond, type Row, ratio } from "./table.ts";
import { benchTokenImport } from "./token-import.ts";
import {
  benchValidateHttp,
  type CpuPerRequest,
  type ValidateHttpFigures,
} from "./validate-http.ts";

// Run with `npm run bench`, or `npm run bench -- validate sign-in` for some parts only (engine,
// claims, sign-in, sms, import, validate). BENCH_CPU_PROF=DIR also writes a CPU profile of each Varco
// server (sign-in and validate); BENCH_IMPORT_ROWS=10000,100000 imports other sizes than 10,000,
// 100,000 and 1,000,000 rows (the first is the one the others' memory is compared with).
// Timings never fail the run: a target missed is reported, not thrown.

const targets = {
  engineOverhead: 2,
  /** Varco's server CPU per validate over the bare server's, at the default log level. */
  cpuOverBare: 2,
  /** Open loop at half the bare server's rate: Varco's p99, absolute and over the bare one's. */
  openLoopP99Ms: 5,
  openLoopP99OverBare: 2,
  /** A sign-in's server CPU outside argon2id over argon2id's own. */
  signInCpuOverArgon2: 0.1,
  /** Database round trips per validate on PostgreSQL, counted. */
  postgresRoundTrips: 3,
  /** Round trips a code sent by SMS adds to those of another event at the code prompt. */
  smsAddedRoundTrips: 1,
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

const parts = ["engine", "claims", "sign-in", "sms", "import", "validate"] as const;
const chosen = process.argv.slice(2);
for (const name of chosen) {
  if (!(parts as readonly string[]).includes(name))
    throw new Error(`unknown part ${name}: choose among ${parts.join(", ")}`);
}
const runs = (part: (typeof parts)[number]) => chosen.length === 0 || chosen.includes(part);
const importSizes = (process.env.BENCH_IMPORT_ROWS || "10000,100000,1000000")
  .split(",")
  .map(Number);
if (importSizes.some((n) => !Number.isSafeInteger(n) || n <= 0))
  throw new Error("BENCH_IMPORT_ROWS is a list of row counts, e.g. 10000,100000");

const started = Date.now();
const progress = (text: string) => process.stderr.write(`[bench ${elapsed()}] ${text}\n`);
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
const rows: Row[] = [];

if (runs("engine")) {
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

let postgresClaims: ClaimFigures | undefined;
if (runs("claims")) {
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
    if (database === "postgres") postgresClaims = claims;
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

if (runs("sign-in")) {
  progress("complete sign-ins over HTTP against the argon2id bound");
  const signIn = await benchSignIn({
    users: 7000,
    warmUpSignIns: 3000,
    concurrency: 8,
    ms: 8000,
    cpuProfileDir: process.env.BENCH_CPU_PROF || undefined,
  });
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
      measure: "  sign-ins / argon2id bound (a rate: printed, no target)",
      value: percent(signIn.signInsPerSecond / signIn.argon2PerSecond),
    },
    ...signInCpuRows(signIn),
    {
      part: "4 Sign-in",
      measure: "refused sign-in, median: unknown user / wrong password",
      value: `${signIn.unknownUserMs.toFixed(1)} ms / ${signIn.wrongPasswordMs.toFixed(1)} ms (${ratio(signIn.unknownUserMs / signIn.wrongPasswordMs)})`,
    },
  );
}

if (runs("sms")) {
  progress("a code sent by SMS at sign-in, PostgreSQL round trips counted");
  try {
    const sms = await benchSms({ users: 20 });
    const added = sms.sendCode - sms.wrongCode;
    const trips = (value: number) => value.toFixed(1);
    rows.push(
      {
        part: "6 SMS",
        measure: `PostgreSQL round trips per request (${sms.users} users, one at a time): wrong code / send SMS`,
        value: `${trips(sms.wrongCode)} / ${trips(sms.sendCode)}`,
      },
      {
        part: "6 SMS",
        measure: "  round trips the SMS adds to the code prompt's own event",
        value: `${added >= 0 ? "+" : ""}${trips(added)}`,
        target: `≤ +${targets.smsAddedRoundTrips}`,
        met: added <= targets.smsAddedRoundTrips,
      },
      {
        part: "6 SMS",
        measure: "  code accepted, session started: by SMS / by app",
        value: `${trips(sms.smsCodeAccepted)} / ${trips(sms.appCodeAccepted)}`,
      },
    );
  } catch (error) {
    rows.push({
      part: "6 SMS",
      measure: "code by SMS",
      value: `not run: ${(error as Error).message}`,
    });
  }
}

if (runs("import")) {
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
if (runs("validate")) {
  progress(`validate over HTTP: ${connections} connections, ${seconds} s per load`);
  http = await benchValidateHttp({
    userCount: 1000,
    connections,
    seconds,
    warmUpSeconds: 2,
    logLevels: [undefined, "warn"],
    cpuProfileDir: process.env.BENCH_CPU_PROF || undefined,
    progress,
  });
  rows.push(...validateRows(http));
}
process.stdout.write(
  `\nVarco benchmark — Node ${process.version}` +
    (http
      ? `, ${http.userCount} users per Varco run, ${http.connections} connections × ${http.seconds} s ` +
        "per load, load generator on the same machine"
      : "") +
    `\n\n${formatTable(rows)}\n\n` +
    (http
      ? `Accepted = a user's first code in a time step; the repeats are rejected as reused.\n` +
        `Closed loop: ${http.connections} connections, each sending again when answered (its p99 is about ` +
        `2 × connections × CPU per request by construction). Open loop: requests sent on a fixed schedule, ` +
        `latency from the time each was due.\n`
      : "") +
    `Total time ${elapsed()}.\n`,
);

/**
 * Where a sign-in's CPU went, averaged over the rounds, and its statements. The budget: what the
 * server spends outside argon2id (event loop, other threads) against argon2id's own CPU.
 */
function signInCpuRows(figures: SignInFigures): Row[] {
  const cpu = figures.cpuPerSignIn;
  const counted: Row = {
    part: "4 Sign-in",
    measure: "SQLite statements / group commits per sign-in (password + TOTP, two requests)",
    value: `${figures.statementsPerSignIn.toFixed(1)} / ${figures.commitsPerSignIn.toFixed(1)}`,
  };
  if (!cpu) return [counted];
  const inSqlite = figures.sqliteMsPerSignIn;
  const outside = cpu.serverMain + cpu.serverOther;
  const ms = (value: number) => value.toFixed(2);
  return [
    {
      part: "4 Sign-in",
      measure: "CPU per sign-in, ms: argon2id / event loop / other server threads / load generator",
      value: `${ms(cpu.argon2)} / ${ms(cpu.serverMain)} / ${ms(cpu.serverOther)} / ${ms(cpu.loadGenerator)}`,
    },
    {
      part: "4 Sign-in",
      measure: "  server CPU outside argon2id / argon2id CPU, per sign-in",
      value: `${ms(outside)} ms / ${ms(cpu.argon2)} ms = ${percent(outside / cpu.argon2)}`,
      target: `≤ ${percent(targets.signInCpuOverArgon2)}`,
      met: outside <= targets.signInCpuOverArgon2 * cpu.argon2,
    },
    {
      part: "4 Sign-in",
      measure: "  argon2id CPU per hash while the bound is measured",
      value: `${ms(figures.cpuPerHashMs)} ms`,
    },
    counted,
    {
      part: "4 Sign-in",
      measure: "  time in SQLite's calls per sign-in, on the event loop / argon2id CPU",
      value: `${ms(inSqlite)} ms / ${ms(cpu.argon2)} ms = ${percent(inSqlite / cpu.argon2)}`,
    },
  ];
}

/** The validate part: CPU per request and open-loop latency against the bare server, PostgreSQL. */
function validateRows(http: ValidateHttpFigures): Row[] {
  const part = "3 Validate HTTP";
  const rows: Row[] = [];
  const closed = (load: LoadFigures) =>
    `${perSecond(load.requestsPerSecond, "req/s")}, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms`;
  const cpuText = (cpu: CpuPerRequest) =>
    cpu ? `${cpu.server.toFixed(0)} µs (${cpu.serverMain.toFixed(0)} µs event loop)` : "no /proc";
  const open = (figures: OpenLoopFigures) =>
    `p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, max ${figures.maxMs} ms; ` +
    `generator CPU ${figures.generatorCpuUs.toFixed(0)} µs/request` +
    (figures.notOk + figures.errors + figures.unanswered > 0
      ? `; ${figures.notOk} non-2xx, ${figures.errors} errors, ${figures.unanswered} unanswered`
      : "");
  const rate = perSecond(http.bareOpenLoop.offeredPerSecond, "req/s");
  rows.push(
    { part, measure: "bare node:http, closed loop", value: closed(http.bare) },
    { part, measure: "  bare: server CPU per request", value: cpuText(http.bareCpu) },
    {
      part,
      measure: `  bare: open loop at ${rate} (half its rate)`,
      value: open(http.bareOpenLoop),
    },
  );
  const bareServerCpu = http.bareCpu?.server;
  /** A reference server's CPU per request, over the bare server's. */
  const referenceRow = (measure: string, cpu: CpuPerRequest, failures: number): Row => ({
    part,
    measure,
    value:
      `${cpuText(cpu)}${bareServerCpu && cpu ? ` = ${ratio(cpu.server / bareServerCpu)} bare's` : ""}` +
      (failures > 0 ? `; ${failures} failed` : ""),
  });
  const layerCpu = http.httpLayerCpu?.server;
  const flowCpu = http.bareFlowCpu?.server;
  rows.push(
    referenceRow(
      "Varco's HTTP layer alone (API key, body, empty answer): CPU per request",
      http.httpLayerCpu,
      http.httpLayerFailures,
    ),
    referenceRow(
      "Varco's validate flow behind the bare server (no Fastify): CPU per request",
      http.bareFlowCpu,
      http.bareFlowFailures,
    ),
  );
  // Fastify and SQLite's calls both taken out: what is left is the bare server and the flow's own
  // JavaScript (the code check, the API key, the code around each statement).
  if (bareServerCpu && flowCpu) {
    const inSqlite = http.bareFlowSqliteMicroseconds;
    rows.push({
      part,
      measure: "  the same without its time in SQLite's calls, over bare's",
      value: `${(flowCpu - inSqlite).toFixed(0)} µs (SQLite ${inSqlite.toFixed(0)} µs) = ${ratio((flowCpu - inSqlite) / bareServerCpu)}`,
    });
  }
  // Below these no server can go while it keeps the single-use, lockout and record rules.
  if (bareServerCpu) {
    const withFloor = (server: number) => ratio((server + http.rulesFloor) / bareServerCpu);
    rows.push({
      part,
      measure:
        "the rules' least work in-process (read, count, HMAC, claim, log line): bare + it / HTTP layer alone + it",
      value:
        `${withFloor(bareServerCpu)}${layerCpu ? ` / ${withFloor(layerCpu)}` : ""} ` +
        `(${http.rulesFloor.toFixed(0)} µs)`,
    });
  }
  for (const run of http.varco) {
    const db = run.database === "sqlite" ? "SQLite" : "PostgreSQL";
    const level = run.logLevel ?? "info (default)";
    const name = `varco, ${db}, log ${level}`;
    const { load } = run;
    const failures = load.notOk + load.errors;
    rows.push({
      part,
      measure: `${name}, closed loop`,
      value: `${closed(load)}; ${load.accepted} accepted, ${load.rejected} rejected${failures > 0 ? `, ${load.notOk} non-2xx, ${load.errors} errors` : ""}`,
    });
    const bareCpu = http.bareCpu?.server;
    const cpu = run.cpu?.server;
    const isBudget = run.database === "sqlite" && run.logLevel === undefined;
    rows.push({
      part,
      measure: `  server CPU per request${bareCpu ? " / bare's" : ""}`,
      value: `${cpuText(run.cpu)}${bareCpu && cpu ? ` = ${ratio(cpu / bareCpu)}` : ""}`,
      ...(isBudget && bareCpu && cpu
        ? { target: `≤ ${targets.cpuOverBare}×`, met: cpu <= targets.cpuOverBare * bareCpu }
        : {}),
    });
    if (run.database === "sqlite") {
      const inSqlite = run.counts.sqliteMicroseconds;
      rows.push(
        {
          part,
          measure: "  SQLite statements / group commits per request",
          value: `${run.counts.statements.toFixed(2)} / ${run.counts.commits.toFixed(3)}`,
        },
        {
          part,
          measure: "  time in SQLite's calls per request, on the event loop",
          value: `${inSqlite.toFixed(0)} µs`,
        },
      );
      // Floors that no change to the flow's own code can go below: the bare server's CPU (or
      // Varco's HTTP layer alone) plus SQLite's time for the statements the call makes.
      if (isBudget && bareCpu && layerCpu) {
        const floor = (http: number) => ratio((http + inSqlite) / bareCpu);
        rows.push({
          part,
          measure: "  floor, over bare's: bare + SQLite's time / HTTP layer alone + SQLite's time",
          value: `${floor(bareCpu)} / ${floor(layerCpu)}`,
        });
      }
    } else {
      const trips = run.counts.postgresQueries;
      rows.push({
        part,
        measure: "  database round trips per request (counted)",
        value: trips.toFixed(2),
        target: `≤ ${targets.postgresRoundTrips}`,
        met: trips <= targets.postgresRoundTrips,
      });
    }
    rows.push({
      part,
      measure: "  event-loop delay during the closed loop, p99 / max",
      value: `${run.eventLoop.p99Ms.toFixed(1)} ms / ${run.eventLoop.maxMs.toFixed(1)} ms`,
    });
    if (run.openLoop) {
      const p99 = run.openLoop.p99Ms;
      const bareP99 = http.bareOpenLoop.p99Ms;
      const clean = run.openLoop.notOk + run.openLoop.errors + run.openLoop.unanswered === 0;
      rows.push(
        { part, measure: `  open loop at ${rate}`, value: open(run.openLoop) },
        {
          part,
          measure: "  open-loop p99",
          value: `${p99} ms`,
          ...(isBudget
            ? {
                target: `≤ ${targets.openLoopP99Ms} ms`,
                met: clean && p99 <= targets.openLoopP99Ms,
              }
            : {}),
        },
        {
          part,
          measure: "  open-loop p99 / bare's",
          value: ratio(p99 / bareP99),
          ...(isBudget
            ? {
                target: `≤ ${targets.openLoopP99OverBare}×`,
                met: clean && p99 <= targets.openLoopP99OverBare * bareP99,
              }
            : {}),
        },
      );
    }
  }
  const sqlite = http.varco.find((run) => run.database === "sqlite" && run.logLevel === undefined);
  const postgres = http.varco.find((run) => run.database === "postgres");
  if (postgres?.cpu && sqlite?.cpu) {
    rows.push({
      part,
      measure: "server CPU per request, PostgreSQL / SQLite (log default)",
      value: `${postgres.cpu.server.toFixed(0)} µs / ${sqlite.cpu.server.toFixed(0)} µs = ${ratio(postgres.cpu.server / sqlite.cpu.server)}`,
    });
  }
  if (postgres && postgresClaims) {
    rows.push({
      part,
      measure: "PostgreSQL validate rate / claimOathStep rate of the same database (bench part 2)",
      value: `${perSecond(postgres.load.requestsPerSecond, "req/s")} / ${perSecond(postgresClaims.claimOathStepPerSecond)}`,
    });
  }
  if (http.postgresError) {
    rows.push({ part, measure: "PostgreSQL", value: `not run: ${http.postgresError}` });
  }
  const two = http.twoInstances;
  if (two) {
    rows.push(
      {
        part,
        measure: "two instances, one PostgreSQL database, each code sent to both",
        value: `${two.requests} requests, ${two.accepted} accepted`,
      },
      {
        part,
        measure: "  codes accepted twice / requests failed",
        value: `${two.acceptedTwice} / ${two.errors}${two.firstError ? ` (first: ${two.firstError})` : ""}`,
        target: "0 / 0",
        met: two.acceptedTwice === 0 && two.errors === 0,
      },
    );
  }
  return rows;
}
