import type { Language } from "./page-models.ts";

/** The cookie that keeps the language chosen with the switch links. */
export const languageCookieName = "varco_lang";

export type LanguageHints = {
  /** The `lang` query parameter's value ("it"); a whole query string ("a=1&lang=it") works too. */
  query?: string;
  /** The `varco_lang` cookie's value; a whole Cookie header works too. */
  cookie?: string;
  /** The Accept-Language header. */
  acceptLanguage?: string;
};

function languageOf(tag: string | null | undefined): Language | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary === "en" || primary === "it" ? primary : undefined;
}

function fromQuery(query: string | undefined): Language | undefined {
  if (query === undefined) return undefined;
  if (!query.includes("=")) return languageOf(query);
  return languageOf(new URLSearchParams(query.replace(/^\?/, "")).get("lang"));
}

function fromCookie(cookie: string | undefined): Language | undefined {
  if (cookie === undefined) return undefined;
  if (!cookie.includes("=")) return languageOf(cookie);
  for (const pair of cookie.split(";")) {
    const [name, value] = pair.split("=", 2);
    if (name?.trim() === languageCookieName) return languageOf(value);
  }
  return undefined;
}

/** The supported language the browser likes best (RFC 9110 §12.5.4), ties in header order. */
function fromAcceptLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  let best: { lang: Language; q: number } | undefined;
  for (const range of header.slice(0, 1024).split(",")) {
    const [tag, ...params] = range.split(";");
    const lang = languageOf(tag);
    if (!lang) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split("=", 2);
      if (key?.trim().toLowerCase() !== "q") continue;
      const text = value?.trim() ?? "";
      q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(text) ? Number(text) : -1;
    }
    if (q <= 0) continue;
    if (!best || q > best.q) best = { lang, q };
  }
  return best?.lang;
}

/**
 * The page language: the `lang` query parameter wins, then the `varco_lang` cookie, then the
 * Accept-Language header's preferences; English when none of them names English or Italian.
 */
export function negotiateLanguage(hints: LanguageHints): Language {
  return (
    fromQuery(hints.query) ??
    fromCookie(hints.cookie) ??
    fromAcceptLanguage(hints.acceptLanguage) ??
    "en"
  );
}
