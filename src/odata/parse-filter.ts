import { VarcoError } from "../errors/varco-error.ts";
import { parseDateTime } from "./parse-date-time.ts";
import { type Token, tokenizeFilter } from "./tokenize-filter.ts";
import type { FilterCondition, FilterFields, FilterValue } from "./types.ts";

type FieldType = FilterFields[string];
type ComparisonOp = Exclude<FilterCondition["op"], "startswith">;

const maxFilterLength = 1000;
const maxConditions = 10;
/** How much client text a detail may quote. */
const maxEcho = 40;

const comparisonOps: readonly ComparisonOp[] = ["eq", "ne", "ge", "le", "gt", "lt"];
const opsByType: Readonly<Record<FieldType, readonly ComparisonOp[]>> = {
  string: ["eq", "ne"],
  boolean: ["eq", "ne"],
  dateTime: comparisonOps,
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

class FilterParser {
  private readonly tokens: Token[];
  private readonly length: number;
  private readonly fields: FilterFields;
  private index = 0;

  constructor(text: string, fields: FilterFields) {
    this.tokens = tokenizeFilter(text);
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
