import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** A server running in a child process, its output going to `logPath`. */
export type ChildServer = {
  readonly port: number;
  readonly pid: number;
  readonly logPath: string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
};

const running = new Set<ChildProcess>();

// Whatever happens to the benchmark, no server outlives it.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Starts `node <args>` (the Node running this script, not whatever `node` is on the PATH) with
 * stdout and stderr written to `logPath`, like a service logging to a file. With `port` 0 it
 * waits for the "Server listening at http://HOST:PORT" log line and reads the port from it;
 * with a fixed port (for log levels that hide that line) it waits until /readyz answers.
 */
export async function startChildServer(options: {
  args: readonly string[];
  env: Record<string, string>;
  logPath: string;
  cwd: string;
  port: number;
}): Promise<ChildServer> {
  const log = openSync(options.logPath, "w");
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", log, log],
    });
  } finally {
    closeSync(log);
  }
  running.add(child);
  let exited = child.exitCode !== null;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      running.delete(child);
      resolve();
    });
  });
  const stop = async (graceMs = 10_000): Promise<void> => {
    if (exited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exit;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 20_000;
  for (;;) {
    const text = readFileSync(options.logPath, "utf8");
    const port =
      options.port === 0
        ? Number(/Server listening at http:\/\/[^\s"]+:(\d+)/.exec(text)?.[1] ?? 0)
        : (await isReady(options.port))
          ? options.port
          : 0;
    if (port > 0) return { port, pid: child.pid ?? 0, logPath: options.logPath, stop };
    if (exited || Date.now() > deadline) {
      await stop(0);
      throw new Error(
        `${options.args.join(" ")} did not start listening; its output:\n${text.slice(-2000)}`,
      );
    }
    await sleep(50);
  }
}

/** A TCP port free at the moment, for a server that will not tell its port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function isReady(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}
