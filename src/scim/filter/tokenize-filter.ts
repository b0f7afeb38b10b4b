import { VarcoError } from "../../errors/varco-error.ts";

export type FilterToken =
  | { readonly kind: "(" | ")" | "[" | "]" }
  | { readonly kind: "word"; readonly text: string }
  | { readonly kind: "value"; readonly value: string | number | boolean | null };

const maxLength = 2_000;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The tokens of a SCIM filter (RFC 7644 section 3.4.2.2): brackets, words (attribute paths,
 * operators, `and`, `or`, `not`) and values (JSON strings, numbers, true, false, null).
 */
export function tokenizeFilter(text: string): FilterToken[] {
  if (text.length > maxLength) {
    throw new VarcoError("scim_invalid_filter", `a filter has at most ${maxLength} characters`);
  }
  const tokens: FilterToken[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === " " || char === "\t") {
      i++;
    } else if (char === "(" || char === ")" || char === "[" || char === "]") {
      tokens.push({ kind: char });
      i++;
    } else if (char === '"') {
      const end = closingQuote(text, i);
      let value: string;
      try {
        value = JSON.parse(text.slice(i, end + 1)) as string;
      } catch {
        throw new VarcoError("scim_invalid_filter", "a string in the filter is not valid JSON");
      }
      // An escape may spell what the edge refuses in plain text (refuse-bad-input.ts).
      if (controlCharacter.test(value) || !value.isWellFormed()) {
        throw new VarcoError(
          "scim_invalid_filter",
          "a string in the filter holds a control character or an unpaired surrogate",
        );
      }
      tokens.push({ kind: "value", value });
      i = end + 1;
    } else {
      let end = i;
      while (end < text.length && !' \t()[]"'.includes(text[end] as string)) end++;
      const word = text.slice(i, end);
      i = end;
      const lower = word.toLowerCase();
      if (lower === "true" || lower === "false")
        tokens.push({ kind: "value", value: lower === "true" });
      else if (lower === "null") tokens.push({ kind: "value", value: null });
      else if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(word))
        tokens.push({ kind: "value", value: Number(word) });
      else tokens.push({ kind: "word", text: word });
    }
  }
  return tokens;
}

function closingQuote(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  throw new VarcoError("scim_invalid_filter", "a string in the filter has no closing quote");
}
