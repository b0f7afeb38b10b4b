import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startBareServer } from "./bare-server.ts";
import { type ChildServer, freePort, startChildServer } from "./child-server.ts";
import { type EventLoopDelay, scrapeEventLoopDelay } from "./event-loop-delay.ts";
import { type LoadFigures, runLoad } from "./load.ts";
import { makeTempDir } from "./temp-dir.ts";
import { cpuBetween, threadCpu } from "./thread-cpu.ts";
import { type BenchUser, currentCodes, prepareValidateFixture } from "./validate-fixture.ts";

/** CPU microseconds per request during the measured load; undefined without Linux's /proc. */
export type CpuPerRequest = { readonly serverMain: number; readonly server: number } | undefined;

export type VarcoRun = {
  /** VARCO_LOG_LEVEL, or undefined for the production default (info). */
  readonly logLevel: string | undefined;
  readonly load: LoadFigures;
  readonly eventLoop: EventLoopDelay;
  readonly cpu: CpuPerRequest;
};

export type ValidateHttpFigures = {
  readonly userCount: number;
  readonly connections: number;
  readonly seconds: number;
  readonly bare: LoadFigures;
  readonly bareCpu: CpuPerRequest;
  readonly varco: readonly VarcoRun[];
};

const projectDir = fileURLToPath(new URL("..", import.meta.url));
const warmUpUserCount = 100;

/**
 * POST /api/v1/validate on `varco serve` (SQLite, a child process) against a bare node:http
 * server, with the same client, connections, duration and bodies. Each Varco run has its own
 * `userCount` users, so each sees the same mix: a user's first code in a time step is accepted,
 * the repeats are rejected as reused (real work too: the read, the code check, three writes).
 */
export async function benchValidateHttp(options: {
  userCount: number;
  connections: number;
  seconds: number;
  warmUpSeconds: number;
  /** One Varco run per entry; undefined leaves VARCO_LOG_LEVEL unset. */
  logLevels: readonly (string | undefined)[];
  /** When set, the Varco servers run with --cpu-prof and write their profiles here. */
  cpuProfileDir?: string | undefined;
  progress?: (text: string) => void;
}): Promise<ValidateHttpFigures> {
  const progress = options.progress ?? (() => {});
  const tempDir = makeTempDir("varco-bench-http-");
  const workDir = tempDir.path;
  const dataDir = join(workDir, "data");
  const varcoEnv = { VARCO_DATA_DIR: dataDir };
  let server: ChildServer | undefined;
  try {
    const fixture = await prepareValidateFixture(
      varcoEnv,
      warmUpUserCount + options.userCount * options.logLevels.length,
    );
    progress(`${fixture.users.length} users with an active TOTP method and an API key ready`);
    const warmUpUsers = fixture.users.slice(0, warmUpUserCount);
    const usersOfRun = (run: number) =>
      fixture.users.slice(
        warmUpUserCount + run * options.userCount,
        warmUpUserCount + (run + 1) * options.userCount,
      );
    const load = (port: number, users: readonly BenchUser[], seconds: number) =>
      runLoad({
        port,
        path: "/api/v1/validate",
        headers: { authorization: `Bearer ${fixture.apiKey}` },
        body: bodies(users),
        connections: options.connections,
        seconds,
      });
    // `read` runs right before and right after the measured load; its second answer is kept.
    const measure = async <T>(
      name: string,
      started: ChildServer,
      users: readonly BenchUser[],
      read: (port: number) => Promise<T>,
    ) => {
      server = started;
      progress(`${name} listening on port ${started.port}: warm-up, then measure`);
      await load(started.port, warmUpUsers, options.warmUpSeconds);
      await read(started.port);
      const cpuBefore = threadCpu(started.pid);
      const figures = await load(started.port, users, options.seconds);
      const spent = cpuBetween(cpuBefore, threadCpu(started.pid));
      const after = await read(started.port);
      await started.stop();
      server = undefined;
      const requests = figures.ok + figures.notOk;
      const cpu: CpuPerRequest = spent && {
        serverMain: (spent.main * 1000) / requests,
        server: ((spent.main + spent.threadPool + spent.other) * 1000) / requests,
      };
      return { load: figures, after, cpu };
    };

    const varcoArgs = [
      ...(options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
      "src/cli/main.ts",
      "serve",
    ];
    if (options.cpuProfileDir) mkdirSync(options.cpuProfileDir, { recursive: true });
    // Below info, Varco does not log "Server listening at …": give it a port instead of 0.
    const startVarco = async (logLevel: string | undefined) => {
      const port = logLevel === undefined || logLevel === "info" ? 0 : await freePort();
      return startChildServer({
        args: varcoArgs,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? workDir,
          ...varcoEnv,
          VARCO_PORT: String(port),
          ...(logLevel ? { VARCO_LOG_LEVEL: logLevel } : {}),
        },
        logPath: join(workDir, `varco-${logLevel ?? "default"}.log`),
        cwd: projectDir,
        port,
      });
    };

    // The bare server runs between the first two Varco runs, so the ratio compares neighbours.
    const varco: VarcoRun[] = [];
    let bare: { load: LoadFigures; cpu: CpuPerRequest } | undefined;
    for (const [run, logLevel] of options.logLevels.entries()) {
      const started = await startVarco(logLevel);
      const name = `varco (log ${logLevel ?? "default"})`;
      // Varco's own stalls during the run, from its /metrics.
      const { load, after, cpu } = await measure(
        name,
        started,
        usersOfRun(run),
        scrapeEventLoopDelay,
      );
      varco.push({ logLevel, load, eventLoop: after, cpu });
      if (!bare) {
        const started = await startBareServer({
          logPath: join(workDir, "bare.log"),
          cwd: projectDir,
        });
        bare = await measure("bare server", started, usersOfRun(0), async () => {});
      }
    }
    if (!bare) throw new Error("no Varco run asked for");
    return {
      userCount: options.userCount,
      connections: options.connections,
      seconds: options.seconds,
      bare: bare.load,
      bareCpu: bare.cpu,
      varco,
    };
  } finally {
    await server?.stop(0);
    tempDir.remove();
  }
}

/** Request bodies cycling through `users`, each with the user's current code. */
function bodies(users: readonly BenchUser[]): (n: number) => string {
  const codeOf = currentCodes(users);
  const prefixes = users.map((user) => `{"upn":${JSON.stringify(user.upn)},"code":"`);
  return (n) => {
    const index = n % users.length;
    return `${prefixes[index]}${codeOf(index)}"}`;
  };
}
