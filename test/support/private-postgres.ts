import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the test's own, in a temp folder on a free port, that the test may
 * stop and start (the shared server on 5432 is never touched). Made with the server's own
 * initdb and pg_ctl; as root (CI), they run as the `postgres` user, since initdb refuses root.
 */
export type PrivatePostgres = {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /**
   * Freezes every process of the cluster (SIGSTOP), as a server that hangs or a network that
   * drops packets: connections stay open and nothing answers. `resume` thaws them.
   */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
};

/** Where initdb and pg_ctl are, or why there are none: the newest of /usr/lib/postgresql/*. */
export function findPostgresBin(): { bin: string } | { missing: string } {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, "bin", "pg_ctl")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) return { missing: `no PostgreSQL server binaries in ${base}/*/bin` };
  return { bin: join(base, newest, "bin") };
}

export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), "varco-pg-"));
  const data = join(dir, "data");
  const asRoot = userInfo().uid === 0;
  // initdb refuses to run as root; the postgres user owns the folder instead.
  if (asRoot) chownSync(dir, Number((await run("id", ["-u", "postgres"])).stdout.trim()), 0);
  const tool = (name: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", join(bin, name), ...args])
      : run(join(bin, name), args);
  const port = await freePort();
  await tool("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c fsync=off",
    "-c max_connections=60",
  ].join(" ");
  const start = async () => {
    await tool("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "start"]);
  };
  // "fast": sessions are ended at once, as in a restart by an operator or a failover.
  const stop = async () => {
    await tool("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  };
  const signalAll = async (signal: NodeJS.Signals) => {
    const postmaster = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    // Its children from /proc (a fresh Debian may have no `ps`): field 4 of stat is the parent.
    const children = readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
          return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster;
        } catch {
          return false;
        }
      })
      .map(Number);
    // The postmaster first on stop, so it forks no new backend; last on resume.
    const order = signal === "SIGSTOP" ? [postmaster, ...children] : [...children, postmaster];
    for (const pid of order) process.kill(pid, signal);
  };
  let paused = false;
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async pause() {
      await signalAll("SIGSTOP");
      paused = true;
    },
    async resume() {
      await signalAll("SIGCONT");
      paused = false;
    },
    async destroy() {
      if (paused) await signalAll("SIGCONT").catch(() => {});
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}
