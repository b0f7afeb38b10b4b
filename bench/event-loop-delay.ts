/** The server's own stalls over a stretch of time, from its Prometheus metrics. */
export type EventLoopDelay = { readonly p99Ms: number; readonly maxMs: number };

// prom-client samples the loop every 10 ms and reports whole intervals: an idle loop shows 10 ms.
const samplingMs = 10;

/**
 * Reads the event-loop delay Varco reports on /metrics. prom-client starts its histogram afresh
 * at each scrape, so a scrape before a run and one after it give the delay during the run beyond the
 * sampling interval: what the server itself held up, apart from what the shared machine did to it.
 */
export async function scrapeEventLoopDelay(port: number, token: string): Promise<EventLoopDelay> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  const seconds = (name: string) => {
    const match = new RegExp(`^varco_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, "m").exec(text);
    if (!match) throw new Error(`/metrics has no event-loop ${name}`);
    return Math.max(0, Number(match[1]) * 1000 - samplingMs);
  };
  return { p99Ms: seconds("p99"), maxMs: seconds("max") };
}
