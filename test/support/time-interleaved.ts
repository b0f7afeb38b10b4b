export type InterleavedTimes<Name extends string> = {
  /** The median time of `name`, in nanoseconds (to print, never to assert). */
  median(name: Name): number;
  /**
   * The median, over the rounds, of `name`'s time divided by `reference`'s in the same round:
   * a load that comes and goes affects both sides of each ratio alike.
   */
  medianRatio(name: Name, reference: Name): number;
};

/**
 * Times each of `calls`, to compare them with each other in one run (no absolute time is ever
 * asserted). Every round calls each once, in an order that rotates from round to round, so a
 * busy neighbour, a garbage collection or a slow disk slows them all alike; the first `warmUp`
 * rounds are not counted. `beforeRound` runs untimed before each round.
 */
export async function timeInterleaved<Name extends string>(
  calls: Record<Name, () => Promise<unknown>>,
  options: { rounds: number; warmUp: number; beforeRound?: (round: number) => unknown },
): Promise<InterleavedTimes<Name>> {
  const names = Object.keys(calls) as Name[];
  const times = new Map<Name, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < options.warmUp + options.rounds; round++) {
    await options.beforeRound?.(round);
    for (const name of shuffled(names)) {
      const started = process.hrtime.bigint();
      await calls[name]();
      const took = Number(process.hrtime.bigint() - started);
      if (round >= options.warmUp) times.get(name)?.push(took);
    }
  }
  const of = (name: Name) => times.get(name) ?? [];
  return {
    median: (name) => median(of(name)),
    medianRatio: (name, reference) => {
      const base = of(reference);
      return median(of(name).map((took, round) => took / (base[round] as number)));
    },
  };
}

function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A new array of `items` in random order (Fisher–Yates). */
function shuffled<T>(items: readonly T[]): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}
