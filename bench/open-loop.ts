import { connect, type Socket } from "node:net";
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
  const total = Math.round(options.ratePerSecond * options.seconds);
  const latencies = new Float64Array(total);
  let answered = 0;
  let notOk = 0;
  let errors = 0;
  let sent = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now() + 50;
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

  // Raw keep-alive connections writing prepared HTTP/1.1 requests: node:http's client costs the
  // shared machine about three times the CPU per request, and could not keep the schedule.
  const head =
    `POST ${options.path} HTTP/1.1\r\nhost: 127.0.0.1:${options.port}\r\n` +
    `content-type: application/json\r\n` +
    Object.entries(options.headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
  const waiting: number[] = [];
  let nextWaiting = 0;
  const idle: Connection[] = [];
  type Connection = { socket: Socket; request: number; received: string };
  const write = (connection: Connection, n: number) => {
    const body = options.body(n);
    connection.request = n;
    connection.socket.write(`${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const next = (connection: Connection) => {
    if (nextWaiting < waiting.length) write(connection, waiting[nextWaiting++] as number);
    else idle.push(connection);
  };
  const open = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port: options.port, noDelay: true });
      const connection: Connection = { socket, request: -1, received: "" };
      socket.setEncoding("latin1");
      socket.once("connect", () => {
        idle.push(connection);
        resolve();
      });
      socket.once("error", (error) => {
        if (connection.request >= 0) done(connection.request, undefined);
        connection.request = -1;
        reject(error);
      });
      socket.on("data", (chunk: string) => {
        connection.received += chunk;
        for (;;) {
          const text = connection.received;
          const end = text.indexOf("\r\n\r\n");
          if (end < 0) return;
          const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1];
          const size = end + 4 + Number(length ?? 0);
          if (text.length < size) return;
          connection.received = text.slice(size);
          const status = Number(text.slice(9, 12));
          const n = connection.request;
          connection.request = -1;
          if (n >= 0) done(n, status >= 200 && status < 300);
          next(connection);
        }
      });
    });
  await Promise.all(Array.from({ length: options.connections }, open));

  const send = (n: number) => {
    const connection = idle.pop();
    if (connection) write(connection, n);
    else waiting.push(n);
  };
  // Every millisecond, send whatever has fallen due.
  const tick = () => {
    const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
    while (sent < due) send(sent++);
    if (sent < total) setTimeout(tick, 1);
  };
  setTimeout(tick, Math.max(0, start - performance.now()));
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
  for (const connection of [...idle]) connection.socket.destroy();
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
