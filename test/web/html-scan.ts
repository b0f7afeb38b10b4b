/** A start tag found in rendered HTML, with its attributes (values as written, still escaped). */
export type Tag = { name: string; attrs: Map<string, string>; index: number };

const tagPattern =
  /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const attrPattern = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/**
 * The start tags of a page. Good enough for our own output, where every attribute value is
 * quoted and escaped: a quote or `<` inside a value would be a bug the tests should catch.
 */
export function startTags(html: string): Tag[] {
  const tags: Tag[] = [];
  for (const match of html.matchAll(tagPattern)) {
    const attrs = new Map<string, string>();
    for (const attr of (match[2] ?? "").matchAll(attrPattern)) {
      const name = (attr[1] ?? "").toLowerCase();
      attrs.set(name, attr[2] ?? attr[3] ?? attr[4] ?? "");
    }
    tags.push({ name: (match[1] ?? "").toLowerCase(), attrs, index: match.index });
  }
  return tags;
}

/** The forms of a page, each with the start tags inside it. */
export function forms(html: string): { form: Tag; inside: Tag[] }[] {
  const tags = startTags(html);
  return tags
    .filter((tag) => tag.name === "form")
    .map((form) => {
      const end = html.indexOf("</form>", form.index);
      return {
        form,
        inside: tags.filter((tag) => tag.index > form.index && tag.index < end),
      };
    });
}
