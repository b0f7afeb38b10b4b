/**
 * Where the bars of a server-drawn SVG chart go, in the chart's own units (its viewBox): pure
 * numbers, so the page draws them with words in its language and the test checks them.
 */
export type StackedColumn<K extends string> = {
  readonly x: number;
  readonly width: number;
  readonly segments: readonly { key: K; y: number; height: number; value: number }[];
};

export const chartBox = { width: 600, height: 200, top: 10, bottom: 24, left: 36 } as const;

/** A scale's top: 1, 2, 5 × 10^n at or above `max`, so the gridlines fall on round numbers. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** Columns of stacked segments (one per key, in order, bottom up), one column per entry. */
export function stackedColumns<K extends string>(
  entries: readonly Readonly<Record<K, number>>[],
  keys: readonly K[],
): { columns: StackedColumn<K>[]; max: number } {
  const totals = entries.map((e) => keys.reduce((sum, k) => sum + e[k], 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotHeight = chartBox.height - chartBox.top - chartBox.bottom;
  const slot = (chartBox.width - chartBox.left) / Math.max(1, entries.length);
  const width = Math.max(1, slot * 0.7);
  const columns = entries.map((entry, i) => {
    let base = chartBox.height - chartBox.bottom;
    const segments = keys.map((key) => {
      const height = (entry[key] / max) * plotHeight;
      base -= height;
      return { key, y: round(base), height: round(height), value: entry[key] };
    });
    return {
      x: round(chartBox.left + i * slot + (slot - width) / 2),
      width: round(width),
      segments,
    };
  });
  return { columns, max };
}

/** A horizontal bar's length for `value` of `total`, in percent of the bar's room. */
export function share(value: number, total: number): number {
  return total <= 0 ? 0 : round((value / total) * 100);
}

const round = (n: number) => Math.round(n * 100) / 100;
