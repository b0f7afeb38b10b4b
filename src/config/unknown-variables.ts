import { settings } from "./settings.ts";

// Read besides the settings: the configuration file's path, and the CLI's stack traces.
const otherVariables = ["VARCO_CONFIG", "VARCO_DEBUG"];

/**
 * A warning for each VARCO_* variable in `env` that Varco does not read: a typo such as
 * VARCO_PROT would otherwise leave the default in force without a word. Names the closest known
 * variable when one is near.
 */
export function unknownVariableWarnings(env: Record<string, string | undefined>): string[] {
  const known = [...Object.values(settings).map((setting) => setting.env), ...otherVariables];
  return Object.keys(env)
    .filter((name) => name.startsWith("VARCO_") && !known.includes(name))
    .sort()
    .map((name) => {
      const nearest = closest(name, known);
      const hint = nearest ? ` (did you mean ${nearest}?)` : "";
      return `${name} is not a Varco setting and is ignored${hint}`;
    });
}

/** The known name at the smallest edit distance from `name`, if it is at most 3 edits away. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance <= 3 && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** Levenshtein distance, with a swap of two neighbours counting as one edit (VARCO_PROT). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, at(i - 2, j - 2) + 1);
      }
      (rows[i] as number[])[j] = distance;
    }
  }
  return at(a.length, b.length);
}
