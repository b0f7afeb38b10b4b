import { stringify } from "csv-stringify/sync";
import { type RowRefusal, rowRefusalText } from "./row-refusal.ts";

/** A refused row: its line in the file, what identifies it, and why. Never its password. */
export type RefusedUserRow = {
  readonly line: number;
  readonly userPrincipalName: string;
  readonly displayName?: string;
  readonly refused: RowRefusal;
};

const options = {
  record_delimiter: "\r\n",
  // A cell that starts like a formula (= + - @) is quoted with a ', so a spreadsheet shows it.
  escape_formulas: true,
} as const;

/** The error CSV's header row. */
export function bulkErrorCsvHeader(kind: "create" | "delete"): string {
  const identity = kind === "create" ? ["userPrincipalName", "displayName"] : ["userPrincipalName"];
  return stringify([["line", ...identity, "code", "error"]], options);
}

/**
 * One refused row of the error CSV. A NUL shows as U+FFFD: PostgreSQL text cannot hold it, and
 * the admin pages keep the error CSV in the database for an hour.
 */
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
  return stringify(
    [cells.map((cell) => cell.replaceAll("\u0000", "\ufffd").slice(0, 300))],
    options,
  );
}
