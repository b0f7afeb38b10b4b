/**
 * The server's housekeeping: runs `task` at once and then every `everyMs`. A failure is reported
 * and tried again next time; it never stops the server. Returns a stop function.
 */
export function runPeriodically<T>(
  everyMs: number,
  task: () => Promise<T>,
  report: (outcome: { done: T } | { error: unknown }) => void,
): () => void {
  const run = () =>
    task().then(
      (done) => report({ done }),
      (error: unknown) => report({ error }),
    );
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
