/** One line of the report; `met` is undefined for figures that have no target. */
export type Row = {
  readonly part: string;
  readonly measure: string;
  readonly value: string;
  readonly target?: string;
  readonly met?: boolean;
};

const headings = ["Part", "Measure", "Value", "Target", "Met"] as const;

/** A plain-text table, one row per figure; a part is named once, with a blank line before it. */
export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((row) => [
    row.part,
    row.measure,
    row.value,
    row.target ?? "",
    row.met === undefined ? "" : row.met ? "yes" : "NO",
  ]);
  const widths = headings.map((heading, column) =>
    Math.max(heading.length, ...cells.map((line) => (line[column] ?? "").length)),
  );
  const format = (line: readonly string[]) =>
    line
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  const lines = [format(headings), format(widths.map((width) => "-".repeat(width)))];
  for (const [index, line] of cells.entries()) {
    const part = rows[index]?.part;
    const samePart = index > 0 && rows[index - 1]?.part === part;
    if (index > 0 && !samePart) lines.push("");
    lines.push(format(samePart ? ["", ...line.slice(1)] : line));
  }
  return lines.join("\n");
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function perSecond(value: number, unit = "/s"): string {
  return `${integer.format(value)} ${unit}`;
}

export function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}
