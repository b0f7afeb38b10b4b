import { stringify } from "csv-stringify/sync";

const options = {
  record_delimiter: "\r\n",
  // A cell that starts like a formula (= + - @, a tab or a CR) gets a leading ', so that a
  // spreadsheet shows it as text (OWASP's "CSV injection"), as the audit export's csvCell does.
  escape_formulas: true,
  // csv-stringify quotes a cell holding the record delimiter (CRLF) but not a lone CR or LF,
  // which would end the row early in a reader.
  quoted_match: /[\r\n]/,
} as const;

/**
 * One row of an error CSV (RFC 4180, CRLF): cells quoted as needed, every cell safe to open in
 * a spreadsheet. A NUL shows as U+FFFD: PostgreSQL text cannot hold U+0000, and the admin pages
 * keep error CSVs in the database for an hour.
 */
export function csvRow(cells: readonly string[]): string {
  return stringify([cells.map((cell) => cell.replaceAll("\u0000", "\ufffd"))], options);
}
