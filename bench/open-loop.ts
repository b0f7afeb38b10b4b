import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

export type OpenLoopFigures = {
  /** Requests per second asked for, and sent. */
  readonly offeredPerSecond: number;
  readonly sent: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Answers other than 2xx, and requests that failed (connection errors). */
  readonly notOk: number;
  readonly errors: number;
  /** Requests still unanswered when the run ended (counted at the run's end as their latency). */
  readonly unanswered: number;
  /** The load generator's own CPU per request, microseconds: it shares the machine. */
  readonly generatorCpuUs: number;
};

/**
 * Open-loop load: request n is due at start + n / rate, whether or not earlier ones have been
 * answered, and its latency runs from that due time, not from when a connection was free to send
 * it. A closed loop (each connection waits for its answer before sending again) slows down with
 * the server and hides its stalls ("coordinated omission"); this does not. Up to `connections`
 * keep-alive connections; a request due while all are busy waits, and the wait counts.
 */
export async function runOpenLoop(options: {
  port: number;
  path: string;
  headers: Record<string, string>;
  body: (n: number) => string;
  ratePerSecond: number;
  seconds: number;
  connections: number;
}): Promise<OpenLoopFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const total = Math.round(options.ratePerSecond * options.seconds);
  const latencies = new Float64Array(total);
  let answered = 0;
  let notOk = 0;
  let errors = 0;
  let sent = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now() + 10;
  const intervalMs = 1000 / options.ratePerSecond;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const done = (n: number, ok: boolean | undefined) => {
    latencies[n] = performance.now() - (start + n * intervalMs);
    if (ok === false) notOk++;
    else if (ok === undefined) errors++;
    if (++answered === total) finish();
  };
  const send = (n: number) => {
    const payload = options.body(n);
    const req = request(
      {
        agent,
        host: "127.0.0.1",
        port: options.port,
        path: options.path,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
          ...options.headers,
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => done(n, (response.statusCode ?? 0) < 300));
        response.on("error", () => done(n, undefined));
      },
    );
    req.on("error", () => done(n, undefined));
    req.end(payload);
  };
  // Every millisecond, send whatever has fallen due.
  const tick = () => {
    const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
    while (sent < due) send(sent++);
    if (sent < total) setTimeout(tick, 1);
  };
  setTimeout(tick, 10);
  // Answers still missing a few seconds after the last request was due count as that late.
  const deadline = setTimeout(finish, options.seconds * 1000 + 5000);
  await finished;
  clearTimeout(deadline);
  const unanswered = total - answered;
  if (unanswered > 0) {
    const now = performance.now();
    for (let n = 0; n < total; n++)
      if (!latencies[n]) latencies[n] = now - (start + n * intervalMs);
  }
  agent.destroy();
  const cpu = process.cpuUsage(cpuStart);
  const sorted = latencies.sort();
  const at = (q: number) => round(sorted[Math.min(total - 1, Math.floor(q * total))] ?? 0);
  return {
    offeredPerSecond: options.ratePerSecond,
    sent,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: round(sorted[total - 1] ?? 0),
    notOk,
    errors,
    unanswered,
    generatorCpuUs: (cpu.user + cpu.system) / total,
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
