/**
 * What "control characters" means at the edge (DESIGN invariant 8): the C0 controls U+0000–U+001F,
 * DEL and the C1 controls U+007F–U+009F (Unicode's category Cc), and half of a surrogate pair,
 * which JSON's `\ud800` can carry but no UTF-8 text can. PostgreSQL refuses U+0000 in text; the
 * others have no place in a name, a password or a code. A multi-line field may hold TAB, LF and CR.
 * Each pattern is category Cc less what that kind of text may hold.
 */
const refused = {
  line: /\p{Cc}/u,
  lines: /[^\P{Cc}\t\n\r]/u,
  // A header value may hold TAB (RFC 9110 section 5.5); Node reads its other bytes as Latin-1, so
  // U+0080-U+009F there are pieces of UTF-8 text, not controls.
  header: /[^\P{Cc}\t\u0080-\u009f]/u,
} as const;

/**
 * True when `text` holds a character refused at the edge: in one `line` of text (the default), in
 * a multi-line field (`lines`: TAB, LF and CR allowed) or in a `header` value.
 */
export function hasControlCharacter(text: string, kind: keyof typeof refused = "line"): boolean {
  return refused[kind].test(text) || !text.isWellFormed();
}

/**
 * The path ("body.device.id", "query.tenant") of a string in `value` that holds a control
 * character, its object keys included, or undefined when there is none. Walks plain objects and
 * arrays without recursion, so no nesting depth can overflow the stack; streams and buffers (a
 * CSV upload) are not text and are skipped. Top-level fields named in `multiLineFields` may hold
 * line ends.
 */
export function findControlCharacter(
  value: unknown,
  root: string,
  multiLineFields: readonly string[] = [],
): string | undefined {
  const pending: { value: unknown; path: string; lines: boolean }[] = [
    { value, path: root, lines: false },
  ];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { value: current, path } = item;
    if (typeof current === "string") {
      if (hasControlCharacter(current, item.lines ? "lines" : "line")) return path;
      continue;
    }
    if (!isWalkable(current)) continue;
    const top = path === root;
    for (const [key, child] of Object.entries(current)) {
      if (hasControlCharacter(key)) return path;
      pending.push({
        value: child,
        path:
          path.length > 200 ? path : `${path}.${key.length > 64 ? `${key.slice(0, 64)}…` : key}`,
        lines: item.lines || (top && multiLineFields.includes(key)),
      });
    }
  }
  return undefined;
}

function isWalkable(value: unknown): value is object {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return true;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return false;
  // A readable stream or any other iterable body is data, not fields.
  return (
    !(Symbol.asyncIterator in value) && typeof (value as { pipe?: unknown }).pipe !== "function"
  );
}
