import { availableParallelism } from "node:os";

/**
 * Runs CPU-bound jobs at most one per core, the rest waiting in order. argon2id fills a core and
 * 19 MiB of memory per hash: more hashes at once than cores only makes them fight over the
 * cores and the caches (on two cores, four at once verify about a fifth fewer per second than
 * two), and would take the whole libuv pool from file and DNS work besides.
 */
export function onePerCore(cores = availableParallelism()) {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finished job hands its core to the next in line, if any.
  const release = () => {
    const wake = waiting.shift();
    if (wake) wake();
    else running--;
  };
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (running < cores) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await job();
    } finally {
      release();
    }
  };
}
