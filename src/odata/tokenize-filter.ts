import { VarcoError } from "../errors/varco-error.ts";

const maxStringLength = 256;

/** One token of a $filter. */
export type Token = {
  readonly kind: "word" | "string" | "open" | "close" | "comma";
  /** The word, or the string's value with '' already read as '. */
  readonly text: string;
  /** 0-based index of the token's first character in the filter text. */
  readonly at: number;
  /** Whether whitespace (or the start of the text) comes right before the token. */
  readonly spaced: boolean;
};

const punctuation: Readonly<Record<string, "open" | "close" | "comma">> = {
  "(": "open",
  ")": "close",
  ",": "comma",
};

/** Splits the filter into words, single-quoted strings ('' is a quote) and ( ) , */
export function tokenizeFilter(text: string): Token[] {
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
        if (next === -1)
          throw new VarcoError(
            "invalid_request",
            `$filter: unterminated string at position ${at + 1}`,
          );
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
        throw new VarcoError(
          "invalid_request",
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
