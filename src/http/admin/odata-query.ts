import { VarcoError } from "../../errors/varco-error.ts";

/**
 * The query options of the admin REST API, shaped like Microsoft Graph's: the OData v4 subset of
 * `$filter` that Graph supports on directory objects, `$top`, and `$skiptoken` with the
 * `@odata.nextLink` that carries it. Pure: no I/O, no clock.
 */

export type FilterValue = string | number | boolean;

/** One condition of a $filter: `field op value`, or `startswith(field,'value')`. */
export type FilterCondition = {
  readonly field: string;
  readonly op: "eq" | "ne" | "ge" | "le" | "gt" | "lt" | "startswith";
  readonly value: FilterValue;
};

/**
 * The fields a resource lets clients filter on, and the type of each. "dateTime" values are
 * ISO 8601 (unquoted, as Graph writes them: createdDateTime ge 2026-01-01T00:00:00Z) and are
 * returned as epoch milliseconds (number).
 */
export type FilterFields = Readonly<Record<string, "string" | "dateTime" | "boolean">>;

type FieldType = FilterFields[string];
type ComparisonOp = Exclude<FilterCondition["op"], "startswith">;

const maxFilterLength = 1000;
const maxConditions = 10;
const maxStringLength = 256;
const maxSkipTokenLength = 1000;
/** How much client text a detail may quote. */
const maxEcho = 40;

const comparisonOps: readonly ComparisonOp[] = ["eq", "ne", "ge", "le", "gt", "lt"];
const opsByType: Readonly<Record<FieldType, readonly ComparisonOp[]>> = {
  string: ["eq", "ne"],
  boolean: ["eq", "ne"],
  dateTime: comparisonOps,
};

type Token = {
  readonly kind: "word" | "string" | "open" | "close" | "comma";
  /** The word, or the string's value with '' already read as '. */
  readonly text: string;
  /** 0-based index of the token's first character in the filter text. */
  readonly at: number;
  /** Whether whitespace (or the start of the text) comes right before the token. */
  readonly spaced: boolean;
};

function invalid(detail: string): VarcoError {
  return new VarcoError("invalid_request", detail);
}

/** Client text as it may appear in a detail: at most `maxEcho` characters, control chars escaped. */
function quote(text: string): string {
  const chars = Array.from(text);
  const cut = chars.length > maxEcho ? `${chars.slice(0, maxEcho).join("")}…` : text;
  return `'${cut.replace(/\p{Cc}/gu, "?")}'`;
}

/** 1-based character position, as a person counts. */
function where(token: Token | undefined, textLength: number): string {
  return token ? `at position ${token.at + 1}` : `at the end (position ${textLength + 1})`;
}

function describeToken(token: Token): string {
  switch (token.kind) {
    case "word":
      return quote(token.text);
    case "string":
      return `the string ${quote(token.text)}`;
    default:
      return `'${token.text}'`;
  }
}

const punctuation: Readonly<Record<string, "open" | "close" | "comma">> = {
  "(": "open",
  ")": "close",
  ",": "comma",
};

/** Splits the filter into words, single-quoted strings ('' is a quote) and ( ) , */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let spaced = true;
  while (i < text.length) {
    const char = text[i] as string;
    if (/\s/.test(char)) {
      spaced = true;
      i++;
      continue;
    }
    const at = i;
    const mark = punctuation[char];
    if (mark) {
      tokens.push({ kind: mark, text: char, at, spaced });
      i++;
    } else if (char === "'") {
      let value = "";
      i++;
      for (;;) {
        const next = text.indexOf("'", i);
        if (next === -1) throw invalid(`$filter: unterminated string at position ${at + 1}`);
        value += text.slice(i, next);
        if (text[next + 1] === "'") {
          value += "'";
          i = next + 2;
        } else {
          i = next + 1;
          break;
        }
      }
      if (value.length > maxStringLength) {
        throw invalid(
          `$filter: the string at position ${at + 1} is longer than ${maxStringLength} characters`,
        );
      }
      tokens.push({ kind: "string", text: value, at, spaced });
    } else {
      let end = i;
      while (end < text.length && !/[\s'(),]/.test(text[end] as string)) end++;
      tokens.push({ kind: "word", text: text.slice(i, end), at, spaced });
      i = end;
    }
    spaced = false;
  }
  return tokens;
}

const isoDateTime =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Epoch milliseconds of an ISO 8601 date-time with a zone, or undefined if it is not one. */
function parseDateTime(text: string): number | undefined {
  const match = isoDateTime.exec(text);
  if (!match) return undefined;
  // Absent optional parts (seconds, the offset of a Z) count as 0.
  const [
    year = 0,
    month = 0,
    day = 0,
    hour = 0,
    minute = 0,
    second = 0,
    offsetHour = 0,
    offsetMinute = 0,
  ] = match.slice(1).map((part) => Number(part ?? 0));
  const inRange =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHour <= 23 &&
    offsetMinute <= 59;
  // Date.parse alone would take 2026-02-30 as 2 March, and T24:00 as the next day.
  const time = Date.parse(text);
  return inRange && Number.isFinite(time) ? time : undefined;
}

class FilterParser {
  private readonly tokens: Token[];
  private readonly length: number;
  private readonly fields: FilterFields;
  private index = 0;

  constructor(text: string, fields: FilterFields) {
    this.tokens = tokenize(text);
    this.length = text.length;
    this.fields = fields;
  }

  parse(): FilterCondition[] {
    const conditions: FilterCondition[] = [this.condition()];
    for (;;) {
      const token = this.next();
      if (token === undefined) return conditions;
      if (token.kind === "word") {
        const word = token.text.toLowerCase();
        if ((word === "or" || word === "and") && !token.spaced) throw this.unspaced(token);
        if (word === "or") {
          throw invalid("$filter: 'or' is not supported (join conditions with 'and')");
        }
        if (word === "and") {
          if (conditions.length === maxConditions) {
            throw invalid(`$filter: at most ${maxConditions} conditions are allowed`);
          }
          conditions.push(this.condition());
          continue;
        }
      }
      if (token.kind === "open" || token.kind === "close") throw this.parentheses();
      throw invalid(
        `$filter: expected 'and' ${where(token, this.length)}, found ${describeToken(token)}`,
      );
    }
  }

  private next(): Token | undefined {
    const token = this.tokens[this.index];
    if (token) this.index++;
    return token;
  }

  private parentheses(): VarcoError {
    return invalid("$filter: parentheses are not supported (only in startswith(field,'value'))");
  }

  private unspaced(token: Token): VarcoError {
    return invalid(`$filter: expected a space before position ${token.at + 1}`);
  }

  private expected(what: string, token: Token | undefined): VarcoError {
    const found = token ? `, found ${describeToken(token)}` : "";
    return invalid(`$filter: expected ${what} ${where(token, this.length)}${found}`);
  }

  private condition(): FilterCondition {
    const first = this.next();
    if (first?.kind === "open") throw this.parentheses();
    if (first?.kind !== "word") throw this.expected("a field name", first);
    const word = first.text.toLowerCase();
    if (word === "not") throw invalid("$filter: 'not' is not supported");
    if (word === "and" || word === "or") throw this.expected("a field name", first);
    if (this.tokens[this.index]?.kind === "open") {
      if (word === "startswith") return this.startsWith();
      throw invalid(
        `$filter: the function ${quote(first.text)} is not supported (only startswith)`,
      );
    }
    const field = first.text;
    const type = this.fieldType(field);

    const opToken = this.next();
    if (opToken?.kind !== "word") throw this.expected("an operator", opToken);
    if (!opToken.spaced) throw this.unspaced(opToken);
    const op = opToken.text.toLowerCase();
    if (!(comparisonOps as readonly string[]).includes(op)) {
      throw invalid(
        `$filter: unsupported operator ${quote(opToken.text)} (supported: ${comparisonOps.join(", ")})`,
      );
    }
    if (!(opsByType[type] as readonly string[]).includes(op)) {
      throw invalid(`$filter: '${op}' is not allowed on the ${type} field '${field}'`);
    }

    const literal = this.next();
    if (literal === undefined) throw this.expected("a value", literal);
    if (!literal.spaced) throw this.unspaced(literal);
    return { field, op: op as ComparisonOp, value: this.value(field, type, literal) };
  }

  private startsWith(): FilterCondition {
    this.next(); // the "(" seen by condition()
    const fieldToken = this.next();
    if (fieldToken?.kind !== "word") throw this.expected("a field name", fieldToken);
    const field = fieldToken.text;
    const type = this.fieldType(field);
    if (type !== "string") {
      throw invalid(
        `$filter: startswith is only allowed on string fields; '${field}' is a ${type}`,
      );
    }
    const comma = this.next();
    if (comma?.kind !== "comma") throw this.expected("','", comma);
    const literal = this.next();
    if (literal?.kind !== "string") throw this.expected("a string in single quotes", literal);
    const close = this.next();
    if (close?.kind !== "close") throw this.expected("')'", close);
    return { field, op: "startswith", value: literal.text };
  }

  private fieldType(field: string): FieldType {
    if (!Object.hasOwn(this.fields, field)) {
      const known = Object.keys(this.fields).join(", ");
      throw invalid(`$filter: unknown field ${quote(field)} (filterable: ${known})`);
    }
    return this.fields[field] as FieldType;
  }

  private value(field: string, type: FieldType, token: Token): FilterValue {
    const at = where(token, this.length);
    if (type === "string") {
      if (token.kind === "string") return token.text;
      throw invalid(`$filter: '${field}' needs a string in single quotes ${at}`);
    }
    if (type === "boolean") {
      if (token.kind === "word" && (token.text === "true" || token.text === "false")) {
        return token.text === "true";
      }
      throw invalid(`$filter: '${field}' needs true or false ${at}`);
    }
    if (token.kind !== "word" && token.kind !== "string") {
      throw invalid(`$filter: '${field}' needs a dateTime such as 2026-01-01T00:00:00Z ${at}`);
    }
    const time = parseDateTime(token.text);
    if (time !== undefined) return time;
    const zoneless = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(token.text);
    const hint = zoneless ? " (it needs a zone: Z or ±hh:mm, with + written %2B in a URL)" : "";
    throw invalid(
      `$filter: ${quote(token.text)} is not a valid dateTime for '${field}' ${at}${hint}`,
    );
  }
}

/**
 * Parses a Graph-style $filter: conditions joined by `and`, each `field op literal` (eq, ne, ge,
 * le, gt, lt) or `startswith(field,'literal')`. No `or`, `not` or grouping parentheses.
 */
export function parseFilter(text: string | undefined, fields: FilterFields): FilterCondition[] {
  if (text === undefined || text.trim() === "") return [];
  if (text.length > maxFilterLength) {
    throw invalid(`$filter is longer than ${maxFilterLength} characters`);
  }
  return new FilterParser(text, fields).parse();
}

/** $top: digits only, from 1 to `maxTop`; absent means `defaultTop`. */
export function parseTop(text: string | undefined, defaultTop: number, maxTop: number): number {
  if (text === undefined) return defaultTop;
  const top = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!(top >= 1 && top <= maxTop)) {
    throw invalid(`$top must be a whole number from 1 to ${maxTop}`);
  }
  return top;
}

/** $skiptoken: an opaque cursor (base64url of JSON) that the server made for the next page. */
export function encodeSkipToken(cursor: Readonly<Record<string, string | number>>): string {
  for (const [key, value] of Object.entries(cursor)) {
    if (key === "__proto__" || !(typeof value === "string" || Number.isFinite(value))) {
      throw new TypeError(`encodeSkipToken: cannot encode the cursor field '${key}'`);
    }
  }
  const token = Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
  if (token.length > maxSkipTokenLength) {
    throw new TypeError(
      `encodeSkipToken: the cursor is longer than ${maxSkipTokenLength} characters`,
    );
  }
  return token;
}

/** The cursor inside a $skiptoken made by encodeSkipToken; absent or empty means the first page. */
export function decodeSkipToken(
  text: string | undefined,
): Record<string, string | number> | undefined {
  if (text === undefined || text === "") return undefined;
  const refused = invalid("$skiptoken is not valid");
  if (text.length > maxSkipTokenLength || !/^[A-Za-z0-9_-]+$/.test(text)) throw refused;
  const bytes = Buffer.from(text, "base64url");
  // Buffer is lenient; only the canonical spelling of the bytes is one we could have made.
  if (bytes.toString("base64url") !== text) throw refused;
  let cursor: unknown;
  try {
    cursor = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw refused;
  }
  if (typeof cursor !== "object" || cursor === null || Array.isArray(cursor)) throw refused;
  for (const [key, value] of Object.entries(cursor)) {
    if (key === "__proto__" || !(typeof value === "string" || Number.isFinite(value))) {
      throw refused;
    }
  }
  return cursor as Record<string, string | number>;
}

/**
 * The @odata.nextLink: the request URL (path + query as received), on `origin`, with $skiptoken
 * set to `skipToken` (in place if present, else last) and the other parameters kept in order.
 * The path is appended to the origin as text, so a request URL like `//evil.example/x` cannot
 * move the link to another host.
 */
export function nextLink(origin: string, requestUrl: string, skipToken: string): string {
  const base = new URL(origin).origin;
  const withoutFragment = requestUrl.split("#", 1)[0] as string;
  const mark = withoutFragment.indexOf("?");
  const path = mark === -1 ? withoutFragment : withoutFragment.slice(0, mark);
  const query = new URLSearchParams(mark === -1 ? "" : withoutFragment.slice(mark + 1));
  query.set("$skiptoken", skipToken);
  return `${base}${path.startsWith("/") ? "" : "/"}${path}?${query.toString()}`;
}
