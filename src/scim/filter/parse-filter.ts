import { VarcoError } from "../../errors/varco-error.ts";
import { type AttributePath, parseAttributePath } from "./attribute-path.ts";
import { type FilterToken, tokenizeFilter } from "./tokenize-filter.ts";

export const compareOperators = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const;
export type CompareOperator = (typeof compareOperators)[number];
export type FilterValue = string | number | boolean | null;

/** A parsed SCIM filter (RFC 7644 section 3.4.2.2, Figure 1). */
export type Filter =
  | {
      readonly kind: "compare";
      readonly path: AttributePath;
      readonly op: CompareOperator;
      readonly value: FilterValue;
    }
  | { readonly kind: "present"; readonly path: AttributePath }
  | { readonly kind: "and" | "or"; readonly left: Filter; readonly right: Filter }
  | { readonly kind: "not"; readonly filter: Filter }
  /** `emails[type eq "work"]`: some value of a multi-valued attribute matches the inner filter. */
  | { readonly kind: "valuePath"; readonly path: AttributePath; readonly filter: Filter };

const maxDepth = 32;

/** Parses a filter; `not` binds tighter than `and`, which binds tighter than `or`. */
export function parseFilter(text: string): Filter {
  const parser = new FilterParser(tokenizeFilter(text));
  const filter = parser.parseOr(0);
  parser.expectEnd();
  return filter;
}

/** The inside of a value path's brackets, for PATCH paths (`members[value eq "…"]`). */
export function parseFilterTokens(tokens: FilterToken[]): Filter {
  const parser = new FilterParser(tokens);
  const filter = parser.parseOr(0);
  parser.expectEnd();
  return filter;
}

class FilterParser {
  private position = 0;
  private readonly tokens: FilterToken[];

  constructor(tokens: FilterToken[]) {
    this.tokens = tokens;
  }

  parseOr(depth: number): Filter {
    let left = this.parseAnd(depth);
    while (this.keyword("or")) left = { kind: "or", left, right: this.parseAnd(depth) };
    return left;
  }

  private parseAnd(depth: number): Filter {
    let left = this.parseUnary(depth);
    while (this.keyword("and")) left = { kind: "and", left, right: this.parseUnary(depth) };
    return left;
  }

  private parseUnary(depth: number): Filter {
    if (depth > maxDepth) throw invalid("the filter is nested too deeply");
    const token = this.next();
    if (token?.kind === "word" && token.text.toLowerCase() === "not") {
      this.expect("(");
      const filter = this.parseOr(depth + 1);
      this.expect(")");
      return { kind: "not", filter };
    }
    if (token?.kind === "(") {
      const filter = this.parseOr(depth + 1);
      this.expect(")");
      return filter;
    }
    if (token?.kind !== "word") throw invalid("an attribute was expected");
    const path = parseAttributePath(token.text, "scim_invalid_filter");
    if (this.peek()?.kind === "[") {
      this.position++;
      const filter = this.parseOr(depth + 1);
      this.expect("]");
      return { kind: "valuePath", path, filter };
    }
    const operator = this.next();
    if (operator?.kind !== "word") throw invalid("an operator was expected");
    const op = operator.text.toLowerCase();
    if (op === "pr") return { kind: "present", path };
    if (!(compareOperators as readonly string[]).includes(op)) {
      throw invalid(`unknown operator '${operator.text.slice(0, 20)}'`);
    }
    const value = this.next();
    if (value?.kind !== "value") throw invalid(`'${op}' needs a value`);
    return { kind: "compare", path, op: op as CompareOperator, value: value.value };
  }

  expectEnd(): void {
    if (this.position < this.tokens.length) throw invalid("the filter goes on after its end");
  }

  private keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind === "word" && token.text.toLowerCase() === word) {
      this.position++;
      return true;
    }
    return false;
  }

  private expect(kind: "(" | ")" | "]"): void {
    if (this.next()?.kind !== kind) throw invalid(`'${kind}' was expected`);
  }

  private peek(): FilterToken | undefined {
    return this.tokens[this.position];
  }

  private next(): FilterToken | undefined {
    return this.tokens[this.position++];
  }
}

function invalid(detail: string): VarcoError {
  return new VarcoError("scim_invalid_filter", detail);
}
