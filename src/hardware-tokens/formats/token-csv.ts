import { parse as parseCsv } from "csv-parse/sync";
import { checkUpn } from "../../directory/upn.ts";
import { isVarcoError, VarcoError } from "../../errors/varco-error.ts";
import { decodeBase32, maxImportedSecretLength } from "../../otp/base32.ts";
import { formulaProblem } from "../formula-problem.ts";
import type { ImportedToken, ImportRow } from "../imported-token.ts";
import { type Refusal, refusal, refusalText } from "../refusal.ts";
import { type SerialFingerprints, serialFingerprints } from "../serial-fingerprints.ts";
import { csvRow } from "./csv-row.ts";

/**
 * "seed": Microsoft Entra's hardware OATH token CSV (`upn,serial number,secret key,time
 * interval,manufacturer,model`, header required, Base32 keys, TOTP SHA-1).
 * "privacyidea": privacyIDEA's OATH CSV (`serial, seed, type, otplen, timestep`, hex seeds, no
 * header, `#` comments), with an optional sixth column naming the user.
 */
export type TokenCsvFormat = "seed" | "privacyidea";

const maxLineLength = 4096;
/** How much of each field an overlong line echoes in the error CSV. */
const echoedFieldLength = 100;
const maxUpnLength = 256;
/** Serial number, manufacturer, model. */
const maxNameLength = 64;
/** RFC 4226 asks for 128 bits, but hardware tokens ship with 80-bit keys. */
const minSecretBytes = 10;
/** 80 bytes, the most a Base32 key of `maxImportedSecretLength` characters holds. */
const maxHexSeedLength = 160;
/** Both formats have six columns: the error CSV has six field cells whatever the row held. */
const columnCount = 6;

const hexDigits = /^[0-9a-fA-F]*$/;

type Layout = {
  /** Whether the file must start with a header row naming `columns`. */
  readonly header: boolean;
  /** The field columns, as the error CSV names them. */
  readonly columns: readonly string[];
  /** Never echoed in an error row. */
  readonly secretColumn: number;
  readonly minFields: number;
  readonly maxFields: number;
  readonly comments: boolean;
  /** A token, or the reason the row is refused. */
  readonly readRow: (
    fields: readonly string[],
    serials: SerialFingerprints,
  ) => ImportedToken | Refusal;
};

const seedColumns = [
  "upn",
  "serial number",
  "secret key",
  "time interval",
  "manufacturer",
  "model",
] as const;

const headerError = refusal("header_row", { columns: seedColumns.join(",") });

const seedLayout: Layout = {
  header: true,
  columns: seedColumns,
  secretColumn: 2,
  minFields: 6,
  maxFields: 6,
  comments: false,
  readRow: readSeedRow,
};

const privacyIdeaLayout: Layout = {
  header: false,
  columns: ["serial", "seed", "type", "otplen", "timestep", "upn"],
  secretColumn: 1,
  minFields: 2,
  maxFields: 6,
  comments: true,
  readRow: readPrivacyIdeaRow,
};

/** Streams an import file row by row: memory stays flat however long the file is. */
export async function* readTokenCsv(
  input: AsyncIterable<string | Uint8Array>,
  format: TokenCsvFormat,
): AsyncGenerator<ImportRow> {
  const layout = layoutOf(format);
  // The only state kept across rows: a serial number may appear once per file.
  const serials = serialFingerprints();
  let lineNumber = 0;
  for await (const batch of lineBatches(input)) {
    for (const line of batch) {
      lineNumber++;
      if (lineNumber === 1 && layout.header) {
        const refused = checkHeader(line, layout);
        if (refused) {
          yield refused;
          return;
        }
        continue;
      }
      if (layout.comments && line.text.trimStart().startsWith("#")) continue;
      const row = readLine(line, lineNumber, layout, serials);
      if (row) yield row;
    }
  }
  if (lineNumber === 0 && layout.header) {
    yield { line: 1, error: headerError, fields: blankFields() };
  }
}

/** PSKC rows echo these (pskc.ts), a row refused when written too. */
const pskcColumns = ["serial number", "manufacturer", "model", "user"] as const;

/** The error CSV an administrator downloads: a header, then each refused row's fields and the reason. */
export function errorCsvHeader(format: TokenCsvFormat | "pskc"): string {
  const columns = format === "pskc" ? pskcColumns : layoutOf(format).columns;
  return csvRow(["line", ...columns, "error"]);
}

/** A switch, so that a format name from a request ("toString") cannot select something odd. */
function layoutOf(format: TokenCsvFormat): Layout {
  switch (format) {
    case "seed":
      return seedLayout;
    case "privacyidea":
      return privacyIdeaLayout;
    default:
      throw new VarcoError("invalid_request", "the token file format must be seed or privacyidea");
  }
}

/** One refused row of the error CSV (csv-row.ts: safe in a spreadsheet, no NUL). */
export function errorCsvLine(
  row: { line: number; error: Refusal; fields: readonly string[] },
  language: "en" | "it" = "en",
): string {
  return csvRow([String(row.line), ...row.fields, refusalText(row.error, language)]);
}

/** A physical line, without its line ending; an overlong one cut to its first 4096 characters. */
type Line = { readonly text: string; readonly overlong: boolean };

/**
 * Splits the input into lines, one batch per chunk. Holds at most the start of one line (up to
 * 4097 characters: a line of 4096 and the CR of its CRLF) besides the chunk being split; the rest
 * of an overlong line is dropped as it arrives.
 */
async function* lineBatches(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<Line[]> {
  // The BOM is removed below, the same way for text and byte chunks.
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let pending = "";
  let overlong = false;
  let started = false;
  const split = (decoded: string): Line[] => {
    let text = decoded;
    if (!started && text.length > 0) {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const lines: Line[] = [];
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      lines.push(
        overlong ? { text: pending, overlong } : endLine(pending + text.slice(start, end)),
      );
      pending = "";
      overlong = false;
      start = end + 1;
    }
    if (!overlong && start < text.length) {
      pending += text.slice(start);
      if (pending.length > maxLineLength + 1) {
        overlong = true;
        pending = pending.slice(0, maxLineLength);
      }
    }
    return lines;
  };
  for await (const chunk of input) {
    // A text chunk after bytes ends any character the bytes left incomplete.
    const text =
      typeof chunk === "string"
        ? decoder.decode() + chunk
        : decoder.decode(chunk, { stream: true });
    const lines = split(text);
    if (lines.length > 0) yield lines;
  }
  const lines = split(decoder.decode());
  // A last line without a line ending; an empty one after the last line ending is no line.
  if (overlong || pending !== "")
    lines.push(overlong ? { text: pending, overlong } : endLine(pending));
  if (lines.length > 0) yield lines;
}

function endLine(raw: string): Line {
  const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  return text.length > maxLineLength
    ? { text: text.slice(0, maxLineLength), overlong: true }
    : { text, overlong: false };
}

function checkHeader(line: Line, layout: Layout): ImportRow | undefined {
  const parsed = parseCsvLine(line.text);
  const header = layout.columns;
  const matches =
    !line.overlong &&
    parsed.problem === undefined &&
    parsed.fields.length === header.length &&
    parsed.fields.every((field, index) => field.trim().toLowerCase() === header[index]);
  if (matches) return undefined;
  // The first line may be a token row: echoed by the rules of one, never with its key.
  return { line: 1, error: headerError, fields: echoFields(parsed, layout, line.overlong) };
}

function readLine(
  line: Line,
  lineNumber: number,
  layout: Layout,
  serials: SerialFingerprints,
): ImportRow | undefined {
  const parsed = parseCsvLine(line.text);
  const refuse = (error: Refusal): ImportRow => ({
    line: lineNumber,
    error,
    fields: echoFields(parsed, layout, line.overlong),
  });
  if (line.overlong) return refuse(refusal("line_too_long", { max: maxLineLength }));
  if (parsed.problem !== undefined) return refuse(parsed.problem);
  // Blank lines, and the rows of empty cells spreadsheets save for them, are no rows.
  if (parsed.fields.every((field) => field.trim() === "")) return undefined;
  const count = parsed.fields.length;
  if (count < layout.minFields || count > layout.maxFields) {
    const expected =
      layout.minFields === layout.maxFields
        ? `${layout.minFields}`
        : `${layout.minFields} to ${layout.maxFields}`;
    return refuse(refusal("field_count", { expected, count }));
  }
  const result = layout.readRow(parsed.fields, serials);
  if ("code" in result) return refuse(result);
  // Kept for the error CSV, should the row be refused when its batch is written.
  return { line: lineNumber, token: result, fields: echoFields(parsed, layout, false) };
}

/**
 * The fields an error row shows: one cell per column, the key's cell empty. When the fields
 * cannot be matched to columns (too many, or too few in a whole line) none is shown, since any
 * of them may be the key; nor is a field an unterminated quote ran on with.
 */
function echoFields(parsed: ParsedLine, layout: Layout, overlong: boolean): string[] {
  const echoed = blankFields();
  const { fields } = parsed;
  const complete = !overlong && !parsed.openQuote;
  if (fields.length > layout.maxFields || (complete && fields.length < layout.minFields)) {
    return echoed;
  }
  const shown = parsed.openQuote ? fields.length - 1 : fields.length;
  for (let index = 0; index < shown; index++) {
    if (index === layout.secretColumn) continue;
    const field = fields[index] ?? "";
    echoed[index] = overlong ? field.slice(0, echoedFieldLength) : field;
  }
  return echoed;
}

function blankFields(): string[] {
  return new Array<string>(columnCount).fill("");
}

type ParsedLine = {
  readonly fields: string[];
  readonly problem: Refusal | undefined;
  /** The last field is an unterminated quoted field, running on to the end of the line. */
  readonly openQuote: boolean;
};

// Fields are trimmed: spaces around a quoted field (`  "S1" `) are allowed, as before the
// columns are read, where every value is trimmed anyway. A quote inside an unquoted field is
// kept as it is (relax_quotes).
const lineOptions = {
  relax_quotes: true,
  ltrim: true,
  rtrim: true,
  relax_column_count: true,
} as const;

/**
 * One line of RFC 4180 CSV, read by csv-parse. Fields cannot span lines: a token file is read
 * line by line, so that one broken line is refused on its own and the next is read as usual.
 * A line without a quote is split at its commas, which is what csv-parse would make of it,
 * without the cost of a parser per line.
 */
function parseCsvLine(line: string): ParsedLine {
  if (!line.includes('"')) return { fields: line.split(","), problem: undefined, openQuote: false };
  try {
    const [fields = [""]] = parseCsv(line, lineOptions) as string[][];
    return { fields, problem: undefined, openQuote: false };
  } catch (error) {
    return brokenLine(line, error);
  }
}

/**
 * What a line csv-parse refuses still shows in the error CSV: the fields before the broken one;
 * with characters after a closing quote, that field with them appended and the fields after it.
 */
function brokenLine(line: string, error: unknown): ParsedLine {
  const code = (error as { code?: unknown } | null)?.code;
  const column = (error as { column?: unknown } | null)?.column;
  const start = typeof column === "number" ? fieldStart(line, column) : undefined;
  if (start === undefined) {
    // Not expected of csv-parse; refuse the line echoing nothing, since any field may be a key.
    return { fields: [], problem: refusal("unterminated_quote"), openQuote: true };
  }
  const before = start.fields;
  if (code === "CSV_QUOTE_NOT_CLOSED") {
    return {
      fields: [...before, line.slice(start.at + 1)],
      problem: refusal("unterminated_quote"),
      openQuote: true,
    };
  }
  const closing = closingQuote(line, start.at);
  const comma = line.indexOf(",", closing + 1);
  const after = comma === -1 ? line.slice(closing + 1) : line.slice(closing + 1, comma);
  const field = line.slice(start.at + 1, closing).replaceAll('""', '"') + after.trimEnd();
  const problem = refusal("text_after_quote");
  if (comma === -1) return { fields: [...before, field], problem, openQuote: false };
  const rest = parseCsvLine(line.slice(comma + 1));
  return { fields: [...before, field, ...rest.fields], problem, openQuote: rest.openQuote };
}

/**
 * Where field `column` starts (its opening quote) and the fields before it: the first quote at
 * a field's start whose text before it csv-parse reads as exactly `column` fields.
 */
function fieldStart(line: string, column: number): { at: number; fields: string[] } | undefined {
  for (let at = line.indexOf('"'); at !== -1; at = line.indexOf('"', at + 1)) {
    const prefix = line.slice(0, at);
    if (!/(^|,)[ \t]*$/.test(prefix)) continue;
    if (column === 0) return prefix.includes(",") ? undefined : { at, fields: [] };
    let fields: string[];
    try {
      fields = (parseCsv(prefix, lineOptions) as string[][])[0] ?? [];
    } catch {
      continue;
    }
    if (fields.length === column + 1) return { at, fields: fields.slice(0, column) };
  }
  return undefined;
}

/** The quote that closes the quoted field opened at `open`; doubled quotes are inside it. */
function closingQuote(line: string, open: number): number {
  let at = line.indexOf('"', open + 1);
  while (at !== -1 && line.charCodeAt(at + 1) === 0x22) at = line.indexOf('"', at + 2);
  return at === -1 ? line.length : at;
}

function readSeedRow(
  fields: readonly string[],
  serials: SerialFingerprints,
): ImportedToken | Refusal {
  const [upn, serialNumber, secretKey, timeInterval, manufacturer, model] = trimmed(fields);
  // Claimed before anything else is checked, so that a refused row still claims its serial.
  const serialProblem =
    claimSerial("serial number", serialNumber, serials) ??
    formulaProblem("serial number", fields[1]);
  const problem = upnProblem(upn) ?? serialProblem;
  if (problem !== undefined) return problem;
  const secret = readBase32Key(secretKey);
  if ("code" in secret) return secret;
  if (timeInterval !== "30" && timeInterval !== "60") return refusal("time_interval");
  const nameProblem =
    textProblem("manufacturer", manufacturer) ??
    formulaProblem("manufacturer", fields[4]) ??
    textProblem("model", model) ??
    formulaProblem("model", fields[5]);
  if (nameProblem !== undefined) return nameProblem;
  return {
    serialNumber,
    secret,
    kind: "totp",
    algorithm: "SHA1",
    digits: 6,
    period: timeInterval === "30" ? 30 : 60,
    counter: 0,
    manufacturer,
    model,
    upn: upn === "" ? null : upn,
  };
}

function readPrivacyIdeaRow(
  fields: readonly string[],
  serials: SerialFingerprints,
): ImportedToken | Refusal {
  const [serial, seed, type, otplen, timestep, upn] = trimmed(fields);
  const serialProblem =
    claimSerial("serial", serial, serials) ?? formulaProblem("serial", fields[0]);
  if (serialProblem !== undefined) return serialProblem;
  const secret = readHexSeed(seed);
  if ("code" in secret) return secret;
  const kind = type.toLowerCase();
  if (kind !== "" && kind !== "hotp" && kind !== "totp") return refusal("type");
  if (otplen !== "" && otplen !== "6" && otplen !== "8") return refusal("otplen");
  // privacyIDEA reads the time step of TOTP tokens only.
  if (kind === "totp" && timestep !== "" && timestep !== "30" && timestep !== "60") {
    return refusal("timestep");
  }
  const problem = upnProblem(upn);
  if (problem !== undefined) return problem;
  return {
    serialNumber: serial,
    secret,
    kind: kind === "totp" ? "totp" : "hotp",
    algorithm: "SHA1",
    digits: otplen === "8" ? 8 : 6,
    period: kind === "totp" && timestep === "60" ? 60 : 30,
    counter: 0,
    manufacturer: "",
    model: "",
    upn: upn === "" ? null : upn,
  };
}

/** Six trimmed fields, empty where the row has fewer. */
function trimmed(fields: readonly string[]): [string, string, string, string, string, string] {
  const field = (index: number) => (fields[index] ?? "").trim();
  return [field(0), field(1), field(2), field(3), field(4), field(5)];
}

function claimSerial(
  label: string,
  serial: string,
  serials: SerialFingerprints,
): Refusal | undefined {
  const problem = textProblem(label, serial);
  if (problem !== undefined) return problem;
  if (!serials.add(serial)) return refusal("duplicate_serial", { label, serial });
  return undefined;
}

/** Serial number, manufacturer, model: 1 to 64 characters, none of them a control character. */
function textProblem(label: string, text: string): Refusal | undefined {
  if (text === "") return refusal("empty", { label });
  if (text.length > maxNameLength) return refusal("too_long", { label, max: maxNameLength });
  if (hasControlCharacter(text)) return refusal("control_character", { label });
  return undefined;
}

/** An empty UPN leaves the token unassigned. */
function upnProblem(upn: string): Refusal | undefined {
  if (upn === "") return undefined;
  if (upn.length > maxUpnLength) return refusal("too_long", { label: "upn", max: maxUpnLength });
  try {
    checkUpn(upn);
    return undefined;
  } catch (error) {
    if (isVarcoError(error, "invalid_upn")) {
      return refusal("upn_invalid", { detail: error.detail ?? "" });
    }
    throw error;
  }
}

/** The reason never quotes the key: at most the one character that is not Base32. */
function readBase32Key(key: string): Uint8Array | Refusal {
  if (key === "") return refusal("empty", { label: "secret key" });
  let secret: Uint8Array;
  try {
    secret = decodeBase32(key, { maxLength: maxImportedSecretLength });
  } catch (error) {
    if (isVarcoError(error, "invalid_base32")) {
      return refusal("key_invalid", { detail: error.detail ?? "" });
    }
    throw error;
  }
  return secret.length < minSecretBytes ? keyTooShort("secret key", secret.length) : secret;
}

function readHexSeed(seed: string): Uint8Array | Refusal {
  if (seed === "") return refusal("empty", { label: "seed" });
  if (seed.length > maxHexSeedLength) return refusal("seed_too_long", { max: maxHexSeedLength });
  if (!hexDigits.test(seed)) return refusal("seed_not_hex");
  if (seed.length % 2 !== 0) return refusal("seed_odd");
  const secret = Buffer.from(seed, "hex");
  return secret.length < minSecretBytes ? keyTooShort("seed", secret.length) : secret;
}

function keyTooShort(label: string, bytes: number): Refusal {
  return refusal("key_too_short", { label, bytes, min: minSecretBytes });
}

/** C0, DEL and C1: the characters Unicode calls "control" (\p{Cc}). */
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}
