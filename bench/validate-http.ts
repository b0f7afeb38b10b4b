import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "../test/support/databases.ts";
import { startBareFlowServer } from "./bare-flow-server.ts";
import { startBareServer } from "./bare-server.ts";
import { type ChildServer, freePort, startChildServer } from "./child-server.ts";
import { type EventLoopDelay, scrapeEventLoopDelay } from "./event-loop-delay.ts";
import { startHttpLayerServer } from "./http-layer-server.ts";
import { type LoadFigures, runLoad } from "./load.ts";
import { type OpenLoopFigures, runOpenLoop } from "./open-loop.ts";
import { countingArgs, countsBetween, type QueryCounts, readQueryCounts } from "./query-counts.ts";
import { rulesFloorMicroseconds } from "./rules-floor.ts";
import { makeTempDir } from "./temp-dir.ts";
import { cpuBetween, threadCpu } from "./thread-cpu.ts";
import { type TwoInstanceFigures, validateOnTwoInstances } from "./two-instances.ts";
import { type BenchUser, currentCodes, prepareValidateFixture } from "./validate-fixture.ts";

/** CPU microseconds per request during the measured load; undefined without Linux's /proc. */
export type CpuPerRequest = { readonly serverMain: number; readonly server: number } | undefined;

/** Statements (SQLite) or round trips (PostgreSQL) per request, counted in the server. */
export type CountsPerRequest = {
  readonly statements: number;
  readonly commits: number;
  readonly postgresQueries: number;
  /** Microseconds the event loop spent inside SQLite's calls (count-queries.ts). */
  readonly sqliteMicroseconds: number;
};

export type VarcoRun = {
  readonly database: "sqlite" | "postgres";
  /** VARCO_LOG_LEVEL, or undefined for the production default (info). */
  readonly logLevel: string | undefined;
  readonly load: LoadFigures;
  readonly eventLoop: EventLoopDelay;
  readonly cpu: CpuPerRequest;
  readonly counts: CountsPerRequest;
  /** At half the bare server's closed-loop rate; SQLite runs only. */
  readonly openLoop: OpenLoopFigures | undefined;
};

export type ValidateHttpFigures = {
  readonly userCount: number;
  readonly connections: number;
  readonly seconds: number;
  readonly bare: LoadFigures;
  readonly bareCpu: CpuPerRequest;
  readonly bareOpenLoop: OpenLoopFigures;
  /** Varco's HTTP layer with an empty validate route (http-layer-server.ts), on SQLite. */
  readonly httpLayerCpu: CpuPerRequest;
  /** Its answers other than 2xx, and connection errors: 0 when it measured what it should. */
  readonly httpLayerFailures: number;
  /** Varco's validate flow behind the bare server (bare-flow-server.ts), on SQLite. */
  readonly bareFlowCpu: CpuPerRequest;
  /** Its time in SQLite's calls per request (count-queries.ts). */
  readonly bareFlowSqliteMicroseconds: number;
  /** Its answers other than 2xx, and connection errors: 0 when it measured what it should. */
  readonly bareFlowFailures: number;
  /** CPU microseconds per call of the least work the rules require (rules-floor.ts). */
  readonly rulesFloor: number;
  readonly varco: readonly VarcoRun[];
  /** Two instances on one PostgreSQL database; undefined when PostgreSQL could not be used. */
  readonly twoInstances: TwoInstanceFigures | undefined;
  readonly postgresError: string | undefined;
};

const projectDir = fileURLToPath(new URL("..", import.meta.url));
const warmUpUserCount = 100;
const metricsToken = "bench-metrics-token-0123456789abcdef0123";

/**
 * POST /api/v1/validate on `varco serve` (a child process) against a bare node:http server, with
 * the same client, connections, duration and bodies. First the bare server: its closed-loop rate,
 * then open-loop at half that rate. Then Varco's HTTP layer alone (an empty validate route), and
 * Varco's validate flow behind the bare server, each in closed loop for its CPU. Then each Varco
 * run on SQLite, one per log level: closed loop (CPU per request, statements per request), then
 * open loop at the same half rate. Then Varco on PostgreSQL: closed loop with its round trips
 * counted, and two instances on the one database. Each run has users of its own, so each sees the
 * same mix: a user's first code in a time step is accepted, the repeats are rejected as reused
 * until the lockout stops checking them.
 */
export async function benchValidateHttp(options: {
  userCount: number;
  connections: number;
  seconds: number;
  warmUpSeconds: number;
  /** One SQLite run per entry; undefined leaves VARCO_LOG_LEVEL unset. */
  logLevels: readonly (string | undefined)[];
  /** When set, the Varco servers run with --cpu-prof and write their profiles here. */
  cpuProfileDir?: string | undefined;
  progress?: (text: string) => void;
}): Promise<ValidateHttpFigures> {
  const progress = options.progress ?? (() => {});
  const tempDir = makeTempDir("varco-bench-http-");
  const workDir = tempDir.path;
  const servers = new Set<ChildServer>();
  let postgres: TestDatabase | undefined;
  try {
    // Users: warm-up, a closed-loop and an open-loop share per SQLite run, and the flow's share.
    const sqliteEnv = { VARCO_DATA_DIR: join(workDir, "data"), VARCO_METRICS_TOKEN: metricsToken };
    const fixture = await prepareValidateFixture(
      sqliteEnv,
      warmUpUserCount + options.userCount * (options.logLevels.length * 2 + 1),
    );
    progress(`${fixture.users.length} users with an active TOTP method and an API key ready`);
    const slices = userSlices(fixture.users, warmUpUserCount, options.userCount);
    const flowUsers = slices.after(options.logLevels.length);
    const closedLoop = (
      port: number,
      apiKey: string,
      users: readonly BenchUser[],
      seconds: number,
      method: "POST" | "PUT" = "POST",
    ) =>
      runLoad({
        port,
        method,
        path: "/api/v1/validate",
        headers: { authorization: `Bearer ${apiKey}` },
        body: bodies(users),
        connections: options.connections,
        seconds,
      });
    const openLoop = (port: number, apiKey: string, users: readonly BenchUser[], rate: number) =>
      runOpenLoop({
        port,
        path: "/api/v1/validate",
        headers: { authorization: `Bearer ${apiKey}` },
        body: bodies(users),
        ratePerSecond: rate,
        seconds: options.seconds,
        connections: options.connections,
      });
    const cpuPerRequest = async <T>(server: ChildServer, run: () => Promise<T & LoadFigures>) => {
      const before = threadCpu(server.pid);
      const load = await run();
      const spent = cpuBetween(before, threadCpu(server.pid));
      const requests = load.ok + load.notOk;
      const cpu: CpuPerRequest = spent && {
        serverMain: (spent.main * 1000) / requests,
        server: ((spent.main + spent.threadPool + spent.other) * 1000) / requests,
      };
      return { load, cpu, requests };
    };

    // The bare server: its closed-loop rate sets the open-loop rate of every run.
    const bareServer = await startBareServer({
      logPath: join(workDir, "bare.log"),
      cwd: projectDir,
    });
    servers.add(bareServer);
    progress(`bare server on port ${bareServer.port}: warm-up, closed loop, open loop`);
    await closedLoop(bareServer.port, "", slices.warmUp, options.warmUpSeconds);
    const bare = await cpuPerRequest(bareServer, () =>
      closedLoop(bareServer.port, "", slices.closed(0), options.seconds),
    );
    const openRate = Math.round(bare.load.requestsPerSecond / 2);
    const bareOpenLoop = await openLoop(bareServer.port, "", slices.closed(0), openRate);
    await bareServer.stop();
    servers.delete(bareServer);

    const layerServer = await startHttpLayerServer({
      env: sqliteEnv,
      logPath: join(workDir, "http-layer.log"),
      cwd: projectDir,
    });
    servers.add(layerServer);
    progress(`Varco's HTTP layer alone on port ${layerServer.port}: warm-up, closed loop`);
    const layerLoad = (users: readonly BenchUser[], seconds: number) =>
      closedLoop(layerServer.port, fixture.apiKey, users, seconds, "PUT");
    await layerLoad(slices.warmUp, options.warmUpSeconds);
    const layer = await cpuPerRequest(layerServer, () =>
      layerLoad(slices.closed(0), options.seconds),
    );
    await layerServer.stop();
    servers.delete(layerServer);

    const flowCountFile = join(workDir, "bare-flow.counts");
    const flowServer = await startBareFlowServer({
      nodeArgs: countingArgs,
      env: { ...sqliteEnv, BENCH_COUNT_FILE: flowCountFile },
      logPath: join(workDir, "bare-flow.log"),
      cwd: projectDir,
    });
    servers.add(flowServer);
    progress(`Varco's validate flow behind the bare server on port ${flowServer.port}`);
    await closedLoop(flowServer.port, fixture.apiKey, slices.warmUp, options.warmUpSeconds);
    const flowCountsBefore = await readQueryCounts(flowServer.pid, flowCountFile);
    const flow = await cpuPerRequest(flowServer, () =>
      closedLoop(flowServer.port, fixture.apiKey, flowUsers, options.seconds),
    );
    const flowCounts = perRequest(
      countsBetween(flowCountsBefore, await readQueryCounts(flowServer.pid, flowCountFile)),
      flow.requests,
    );
    await flowServer.stop();
    servers.delete(flowServer);

    // On a data folder of its own: its claims spend time steps far ahead.
    progress("the least work the rules require, in-process");
    const floorDir = join(workDir, "floor-data");
    await prepareValidateFixture({ VARCO_DATA_DIR: floorDir }, 200);
    const rulesFloor = rulesFloorMicroseconds(floorDir, { rounds: 5, calls: 20_000 });

    const startVarco = async (name: string, env: Record<string, string>, logLevel?: string) => {
      // Below info, Varco does not log "Server listening at …": give it a port instead of 0.
      const port = logLevel === undefined || logLevel === "info" ? 0 : await freePort();
      const server = await startChildServer({
        args: [
          ...countingArgs,
          ...(options.cpuProfileDir
            ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`]
            : []),
          "src/cli/main.ts",
          "serve",
        ],
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? workDir,
          ...env,
          VARCO_PORT: String(port),
          BENCH_COUNT_FILE: join(workDir, `${name}.counts`),
          ...(logLevel ? { VARCO_LOG_LEVEL: logLevel } : {}),
        },
        logPath: join(workDir, `${name}.log`),
        cwd: projectDir,
        port,
      });
      servers.add(server);
      return server;
    };
    if (options.cpuProfileDir) mkdirSync(options.cpuProfileDir, { recursive: true });

    /** Warm-up, then the closed loop with CPU and counts; `after` runs before the server stops. */
    const measureVarco = async (
      name: string,
      server: ChildServer,
      apiKey: string,
      users: readonly BenchUser[],
    ) => {
      const countFile = join(workDir, `${name}.counts`);
      await closedLoop(server.port, apiKey, slices.warmUp, options.warmUpSeconds);
      await scrapeEventLoopDelay(server.port, metricsToken);
      const countsBefore = await readQueryCounts(server.pid, countFile);
      const { load, cpu, requests } = await cpuPerRequest(server, () =>
        closedLoop(server.port, apiKey, users, options.seconds),
      );
      const counted = countsBetween(countsBefore, await readQueryCounts(server.pid, countFile));
      const eventLoop = await scrapeEventLoopDelay(server.port, metricsToken);
      return { load, cpu, eventLoop, counts: perRequest(counted, requests) };
    };

    const varco: VarcoRun[] = [];
    for (const [run, logLevel] of options.logLevels.entries()) {
      const name = `varco-sqlite-${logLevel ?? "default"}`;
      const server = await startVarco(name, sqliteEnv, logLevel);
      progress(`${name} on port ${server.port}: warm-up, closed loop, open loop at ${openRate}/s`);
      const measured = await measureVarco(name, server, fixture.apiKey, slices.closed(run));
      const open = await openLoop(server.port, fixture.apiKey, slices.open(run), openRate);
      await server.stop();
      servers.delete(server);
      varco.push({ database: "sqlite", logLevel, ...measured, openLoop: open });
    }

    // PostgreSQL: one instance measured, then two on the same database.
    let twoInstances: TwoInstanceFigures | undefined;
    let postgresError: string | undefined;
    try {
      postgres = await createTestDatabase("postgres");
      const postgresEnv = {
        VARCO_DATA_DIR: join(workDir, "data-postgres"),
        VARCO_DATABASE_URL: postgres.url,
        VARCO_METRICS_TOKEN: metricsToken,
      };
      const pgFixture = await prepareValidateFixture(
        postgresEnv,
        warmUpUserCount + options.userCount * 2,
      );
      const pgSlices = userSlices(pgFixture.users, warmUpUserCount, options.userCount);
      const name = "varco-postgres-default";
      const server = await startVarco(name, postgresEnv);
      progress(`${name} on port ${server.port}: warm-up, closed loop`);
      const measured = await measureVarco(name, server, pgFixture.apiKey, pgSlices.closed(0));
      varco.push({ database: "postgres", logLevel: undefined, ...measured, openLoop: undefined });
      const second = await startVarco("varco-postgres-second", postgresEnv);
      progress(`two instances on one PostgreSQL database: the same codes sent to both`);
      twoInstances = await validateOnTwoInstances({
        ports: [server.port, second.port],
        apiKey: pgFixture.apiKey,
        users: pgSlices.open(0),
        concurrency: options.connections,
        ms: options.seconds * 1000,
      });
      await Promise.all([server.stop(), second.stop()]);
      servers.delete(server);
      servers.delete(second);
    } catch (error) {
      postgresError = (error as Error).message.split("\n")[0];
    }

    return {
      userCount: options.userCount,
      connections: options.connections,
      seconds: options.seconds,
      bare: bare.load,
      bareCpu: bare.cpu,
      bareOpenLoop,
      httpLayerCpu: layer.cpu,
      httpLayerFailures: layer.load.notOk + layer.load.errors,
      bareFlowCpu: flow.cpu,
      bareFlowSqliteMicroseconds: flowCounts.sqliteMicroseconds,
      bareFlowFailures: flow.load.notOk + flow.load.errors,
      rulesFloor,
      varco,
      twoInstances,
      postgresError,
    };
  } finally {
    for (const server of servers) await server.stop(0);
    await postgres?.drop();
    tempDir.remove();
  }
}

/** The warm-up users, then `count` users per closed-loop run and as many per open-loop run. */
function userSlices(users: readonly BenchUser[], warmUp: number, count: number) {
  const slice = (index: number) =>
    users.slice(warmUp + index * count, warmUp + (index + 1) * count);
  return {
    warmUp: users.slice(0, warmUp),
    closed: (run: number) => slice(run * 2),
    open: (run: number) => slice(run * 2 + 1),
    /** The share after those of `runs` runs. */
    after: (runs: number) => slice(runs * 2),
  };
}

function perRequest(counts: QueryCounts, requests: number): CountsPerRequest {
  return {
    statements: counts.statements / requests,
    commits: counts.commits / requests,
    postgresQueries: counts.postgresQueries / requests,
    sqliteMicroseconds: (counts.sqliteMs * 1000) / requests,
  };
}

/** Request bodies cycling through `users`, each with the user's current code. */
export function bodies(users: readonly BenchUser[]): (n: number) => string {
  const codeOf = currentCodes(users);
  const prefixes = users.map((user) => `{"upn":${JSON.stringify(user.upn)},"code":"`);
  return (n) => {
    const index = n % users.length;
    return `${prefixes[index]}${codeOf(index)}"}`;
  };
}
