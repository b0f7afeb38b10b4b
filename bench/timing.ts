import { performance } from "node:perf_hooks";

/**
 * Runs `batch` (which does `batchSize` operations) again and again for about `ms` milliseconds
 * and returns operations per second. Reading the clock once per batch keeps it out of the count.
 */
export function opsPerSecond(batch: () => void, batchSize: number, ms: number): number {
  const start = performance.now();
  let operations = 0;
  let elapsed = 0;
  do {
    batch();
    operations += batchSize;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  return (operations * 1000) / elapsed;
}

/**
 * Keeps `concurrency` calls of `work(n)` in flight for about `ms` milliseconds, or until `count`
 * calls have started, n counting up from `first`, and returns how many finished per second and
 * how many returned true.
 */
export async function runConcurrently(
  work: (n: number) => Promise<boolean>,
  options: { concurrency: number; ms: number; count?: number; first?: number },
): Promise<{ perSecond: number; done: number; succeeded: number; next: number }> {
  let next = options.first ?? 0;
  const last = next + (options.count ?? Number.POSITIVE_INFINITY);
  let done = 0;
  let succeeded = 0;
  const start = performance.now();
  const end = start + options.ms;
  const worker = async (): Promise<void> => {
    while (performance.now() < end && next < last) {
      if (await work(next++)) succeeded++;
      done++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsed = performance.now() - start;
  return { perSecond: (done * 1000) / elapsed, done, succeeded, next };
}
