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
    relax_column_count: true,
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
  let positions: (number | undefined)[] | undefined;
  let lastLine = 0;
  let sawVersion = false;
  try {
    for await (const output of parser as AsyncIterable<ParsedRecord>) {
      const line = startLine(output);
      lastLine = output.info.lines;
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
    yield { line: Math.max(lastLine + 1, 1), values: {}, refused, fatal: true };
    return;
  } finally {
    parser.destroy();
    await feeding;
  }
  if (positions === undefined) {
    yield { line: lastLine + 1, values: {}, refused: headerRefusal(columns), fatal: true };
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

type ParsedRecord = { record: string[]; info: { lines: number }; raw: string };

/** The line a record starts on: csv-parse counts the line it ends on. */
function startLine(output: ParsedRecord): number {
  const text = output.raw.replace(/^[\r\n]+/, "").replace(/\r?\n$/, "");
  let breaks = 0;
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) {
    breaks++;
  }
  return output.info.lines - breaks;
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
