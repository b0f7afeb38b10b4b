import assert from "node:assert/strict";

/** The code in a code message, read from its last line (`@host #code`), as a phone reads it. */
export function codeOf(text: string): string {
  const match = /\n@[^\s#]+ #(\d{6,8})$/.exec(text);
  assert.ok(match, `no origin-bound code line in ${JSON.stringify(text)}`);
  return match[1] as string;
}
