import { parse } from "csv-parse";
import { type RowRefusal, rowRefusal } from "./row-refusal.ts";

/**
 * A column of an Entra bulk template, found in the header row by the property in its brackets
 * (`User name [userPrincipalName] Required`): the words around it differ between template
 * versions and languages, the property does not.
 */
export type TemplateColumn = {
  readonly property: string;
  /** Other property names that mean the same (`mobilePhone` for Entra's `mobile`). */
  readonly aliases?: readonly string[];
  readonly heading: string;
  readonly required: boolean;
};

/** A data row: its values by property, or why the whole row was refused. */
export type EntraRow =
  | {
      readonly line: number;
      readonly values: Readonly<Record<string, string>>;
    }
  | {
      readonly line: number;
      readonly values: Readonly<Record<string, string>>;
      readonly refused: RowRefusal;
      /** The file cannot be read past this row. */
      readonly fatal?: true;
    };

export const templateVersion = "version:v1.0";

/** Longer rows stop the file: nothing of a user needs a fraction of this. */
const maxRowCharacters = 16 * 1024;

/**
 * Streams an Entra bulk-operation file (`version:v1.0`, a header row, then one user a row)
 * through csv-parse: RFC 4180 quoting, fields with commas and line breaks, a UTF-8 BOM. Yields
 * each row's values by property as it is read; memory stays flat however long the file is.
 * Columns the template does not know are ignored, as Entra ignores them. A version other than
 * v1.0, a header that lacks a required column, or CSV that cannot be read yields one refused
 * row and ends the file. The version line may be left out: a file that starts at the header
 * is read the same.
 */
export async function* readEntraCsv(
  input: AsyncIterable<string | Uint8Array>,
  columns: readonly TemplateColumn[],
): AsyncGenerator<EntraRow> {
  const parser = parse({
    bom: true,
    // Spreadsheets and editors mix line endings; each of these ends a row wherever it appears.
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
    // A malformed record is reported below, after the good rows before it reach the caller: a
    // thrown error would drop the rows the parser holds for the reader.
    skip_records_with_error: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
    max_record_size: maxRowCharacters,
  });
  // The source is pulled as the parser is read, never ahead of it.
  const feeding = (async () => {
    try {
      for await (const chunk of input) {
        if (parser.destroyed) return;
        if (!parser.write(chunk)) await drained(parser);
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  let broken: { refused: RowRefusal; afterRecords: number } | undefined;
  parser.on("skip", (error: unknown) => {
    broken ??= {
      refused: csvProblem(error) ?? rowRefusal("malformed_csv"),
      afterRecords: parser.info.records,
    };
  });
  let positions: (number | undefined)[] | undefined;
  // The line the next record starts on, blank lines aside.
  let nextLine = 1;
  let sawVersion = false;
  try {
    for await (const output of parser as AsyncIterable<ParsedRecord>) {
      // What csv-parse reads past a malformed record is not to be trusted.
      if (broken && output.info.records > broken.afterRecords) break;
      const place = placeOf(output.raw, nextLine);
      const line = place.start;
      nextLine = place.next;
      const fields = output.record;
      if (positions === undefined) {
        const first = (fields[0] ?? "").trim().toLowerCase();
        if (!sawVersion && first.startsWith("version:")) {
          if (first !== templateVersion) {
            yield { line, values: {}, refused: rowRefusal("unsupported_version"), fatal: true };
            return;
          }
          sawVersion = true;
          continue;
        }
        const header = readHeader(fields, columns);
        if ("code" in header) {
          yield { line, values: {}, refused: header, fatal: true };
          return;
        }
        positions = header;
        continue;
      }
      // Rows of empty cells, as spreadsheets save blank lines, are no rows.
      if (fields.every((field) => field.trim() === "")) continue;
      const values: Record<string, string> = {};
      columns.forEach((column, index) => {
        const position = positions?.[index];
        values[column.property] = position === undefined ? "" : (fields[position] ?? "");
      });
      yield { line, values };
    }
  } catch (error) {
    const refused = csvProblem(error);
    if (!refused) throw error;
    yield { line: nextLine, values: {}, refused, fatal: true };
    return;
  } finally {
    parser.destroy();
    await feeding;
  }
  if (broken) {
    yield { line: nextLine, values: {}, refused: broken.refused, fatal: true };
    return;
  }
  if (positions === undefined) {
    yield { line: nextLine, values: {}, refused: headerRefusal(columns), fatal: true };
  }
}

/** Until the parser wants more, or is gone. */
function drained(parser: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      parser.off("drain", done);
      parser.off("close", done);
      resolve();
    };
    parser.on("drain", done);
    parser.on("close", done);
  });
}

type ParsedRecord = { record: string[]; info: { records: number }; raw: string };

const lineBreaks = /\r\n|\r|\n/g;

/**
 * The line a record starts on, from the first line after the record before it: its raw text
 * holds the blank lines skipped before it, its own line breaks and the one that ends it.
 */
function placeOf(raw: string, firstLine: number): { start: number; next: number } {
  const leading = /^[\r\n]*/.exec(raw)?.[0] ?? "";
  return {
    start: firstLine + (leading.match(lineBreaks)?.length ?? 0),
    next: firstLine + (raw.match(lineBreaks)?.length ?? 0),
  };
}

/** Where each template column is in the file, or why the header cannot be used. */
function readHeader(
  fields: readonly string[],
  columns: readonly TemplateColumn[],
): (number | undefined)[] | RowRefusal {
  const byProperty = new Map<string, number>();
  for (const [index, field] of fields.entries()) {
    const property = /\[\s*([A-Za-z]+)\s*\]/.exec(field)?.[1]?.toLowerCase();
    if (property === undefined) continue;
    if (byProperty.has(property)) return rowRefusal("duplicate_column", { property });
    byProperty.set(property, index);
  }
  const positions = columns.map((column) =>
    [column.property, ...(column.aliases ?? [])]
      .map((name) => byProperty.get(name.toLowerCase()))
      .find((position) => position !== undefined),
  );
  const missing = columns.some(
    (column, index) => column.required && positions[index] === undefined,
  );
  return missing ? headerRefusal(columns) : positions;
}

function headerRefusal(columns: readonly TemplateColumn[]): RowRefusal {
  const required = columns.filter((column) => column.required).map((column) => column.heading);
  return rowRefusal("header_row", { columns: required.join(", ") });
}

/** csv-parse's errors about the file (not about Varco) as a refusal; undefined for others. */
function csvProblem(error: unknown): RowRefusal | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("CSV_")) return undefined;
  switch (code) {
    case "CSV_MAX_RECORD_SIZE":
      return rowRefusal("row_too_long", { max: maxRowCharacters });
    case "CSV_QUOTE_NOT_CLOSED":
      return rowRefusal("unclosed_quote");
    case "CSV_INVALID_CLOSING_QUOTE":
      return rowRefusal("text_after_quote");
    default:
      return rowRefusal("malformed_csv");
  }
}
