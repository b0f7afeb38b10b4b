import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** CPU time in milliseconds, user and system, by the kind of thread that spent it. */
export type ThreadCpu = {
  /** The event loop's thread. */
  readonly main: number;
  /** libuv's thread pool, where argon2id hashes run. */
  readonly threadPool: number;
  /** Everything else: V8's garbage collector, worker threads. */
  readonly other: number;
};

const clockTicksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" })) || 100;
  } catch {
    return 100;
  }
})();

/**
 * The CPU a process has used so far, read per thread from Linux's /proc: a shared machine makes
 * rates noisy, and CPU per operation says where the time went. Undefined where there is no /proc.
 */
export function threadCpu(pid: number): ThreadCpu | undefined {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  const cpu = { main: 0, threadPool: 0, other: 0 };
  for (const tid of threads) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    } catch {
      continue; // the thread has just ended
    }
    // "tid (name) state …": the name may hold spaces, so fields are counted after its ")".
    const nameEnd = stat.lastIndexOf(")");
    const name = stat.slice(stat.indexOf("(") + 1, nameEnd);
    const fields = stat.slice(nameEnd + 2).split(" ");
    const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
    if (tid === String(pid)) cpu.main += ms;
    else if (name.startsWith("libuv-worker")) cpu.threadPool += ms;
    else cpu.other += ms;
  }
  return cpu;
}

/** What a process spent between two readings; undefined if either is missing. */
export function cpuBetween(
  before: ThreadCpu | undefined,
  after: ThreadCpu | undefined,
): ThreadCpu | undefined {
  if (!before || !after) return undefined;
  return {
    main: after.main - before.main,
    threadPool: after.threadPool - before.threadPool,
    other: after.other - before.other,
  };
}

/** This process's own CPU in milliseconds since `since` (a process.cpuUsage() reading). */
export function ownCpuMs(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}
