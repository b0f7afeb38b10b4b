import type { ImportedToken, ImportRow } from "../../src/hardware-tokens/imported-token.ts";
import { refusal, refusalText } from "../../src/hardware-tokens/refusal.ts";

/** An import row with its refusal in English words, as the CLI and the API tell it. */
export type WordedRow =
  | { readonly line: number; readonly token: ImportedToken }
  | { readonly line: number; readonly error: string; readonly fields: readonly string[] };

export function inWords(row: ImportRow): WordedRow {
  // A token row's fields are for the error CSV, should it be refused when written.
  return "token" in row
    ? { line: row.line, token: row.token }
    : { ...row, error: refusalText(row.error) };
}

/** Back to a row `errorCsvLine` takes, its reason as worded. */
export function asRefused(row: Extract<WordedRow, { error: string }>) {
  return { ...row, error: refusal("worded", { detail: row.error }) };
}
