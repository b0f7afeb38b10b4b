const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * A user name or address as HTML that may wrap after its "@" and its dots, and nowhere else: a
 * narrow table cell breaks `mario.rossi@school.it` between its parts, never inside a word.
 * The text is escaped first, so the only markup in the result is `<wbr>`.
 */
export function breakAtSeparators(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c).replace(/([@.])/g, "$1<wbr>");
}
