import autocannon from "autocannon";

export type LoadFigures = {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly ok: number;
  readonly notOk: number;
  readonly errors: number;
  /** 2xx answers saying {"result":"accept"}; the other 2xx said reject. */
  readonly accepted: number;
  readonly rejected: number;
};

/**
 * POSTs (or sends with `method`) `body(n)` for request n to `path` from `connections` keep-alive
 * connections for `seconds`, as fast as the server answers (autocannon in this process).
 */
export async function runLoad(options: {
  port: number;
  method?: "POST" | "PUT";
  path: string;
  headers: Record<string, string>;
  body: (n: number) => string;
  connections: number;
  seconds: number;
}): Promise<LoadFigures> {
  let sent = 0;
  let accepted = 0;
  let rejected = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    requests: [
      {
        method: options.method ?? "POST",
        path: options.path,
        headers: { "content-type": "application/json", ...options.headers },
        setupRequest: (request) => ({ ...request, body: options.body(sent++) }),
        onResponse: (status, body) => {
          if (status < 200 || status > 299) return;
          if (body.includes('"accept"')) accepted++;
          else rejected++;
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result["2xx"],
    notOk: result.non2xx,
    errors: result.errors,
    accepted,
    rejected,
  };
}
