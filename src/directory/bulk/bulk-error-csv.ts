import { csvRow } from "../../hardware-tokens/formats/csv-row.ts";
import { type RowRefusal, rowRefusalText } from "./row-refusal.ts";

/** A refused row: its line in the file, what identifies it, and why. Never its password. */
export type RefusedUserRow = {
  readonly line: number;
  readonly userPrincipalName: string;
  readonly displayName?: string;
  readonly refused: RowRefusal;
};

/** The error CSV's header row. */
export function bulkErrorCsvHeader(kind: "create" | "delete"): string {
  const identity = kind === "create" ? ["userPrincipalName", "displayName"] : ["userPrincipalName"];
  return csvRow(["line", ...identity, "code", "error"]);
}

/** One refused row of the error CSV (csv-row.ts: safe in a spreadsheet, no NUL). */
export function bulkErrorCsvLine(
  kind: "create" | "delete",
  row: RefusedUserRow,
  language: "en" | "it" = "en",
): string {
  const identity =
    kind === "create" ? [row.userPrincipalName, row.displayName ?? ""] : [row.userPrincipalName];
  const cells = [
    String(row.line),
    ...identity,
    row.refused.code,
    rowRefusalText(row.refused, language),
  ];
  // Long enough for any value a row may hold: a longer one is refused for its length.
  return csvRow(cells.map((cell) => cell.slice(0, 300)));
}
