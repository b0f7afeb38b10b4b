import { errorCodes } from "../../errors/codes.ts";
import { defaultTenantPolicy } from "../../policy/tenant-policy.ts";
import { describeUserAgent } from "../describe-user-agent.ts";
import type { Language } from "../page-models.ts";
import { enMessages, type MessageKey, type Messages } from "./en.ts";
import { itMessages } from "./it.ts";

const catalogs: Record<Language, Messages> = { en: enMessages, it: itMessages };

export type MessageParams = Record<string, string | number>;

/** What templates use to say things in the page's language. */
export type Translator = {
  /** The message for `key` with `{name}` placeholders filled in. An unknown key throws: a bug. */
  t: (key: MessageKey, params?: MessageParams) => string;
  /** The message for an error code: from the catalog, else Varco's error codes, else generic. */
  errorText: (code: string) => string;
  /** The message for a notice code, or undefined for an unknown one. */
  noticeText: (code: string) => string | undefined;
  /** "Firefox 133 on Linux" from a User-Agent header; the header shortened when unknown. */
  browser: (userAgent: string | null) => string;
  /** "25 October 2021" / "25 ottobre 2021", in the tenant's time zone. */
  date: (epochMs: number) => string;
  /** "14:30", in the tenant's time zone. */
  time: (epochMs: number) => string;
  /** "25 Oct 2021, 14:30" / "25 ott 2021, 14:30", in the tenant's time zone. */
  dateTime: (epochMs: number) => string;
};

const locales: Record<Language, string> = { en: "en-GB", it: "it-IT" };

function fill(message: string, params: MessageParams | undefined): string {
  if (!params) return message;
  return message.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

function has(catalog: Messages, key: string): key is MessageKey {
  return Object.hasOwn(catalog, key);
}

function createTranslator(lang: Language, timeZone: string): Translator {
  const catalog = catalogs[lang];
  const formats = {
    date: new Intl.DateTimeFormat(locales[lang], { dateStyle: "long", timeZone }),
    time: new Intl.DateTimeFormat(locales[lang], { timeStyle: "short", timeZone }),
    dateTime: new Intl.DateTimeFormat(locales[lang], {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone,
    }),
  };
  const t = (key: MessageKey, params?: MessageParams): string => {
    if (!has(catalog, key)) throw new Error(`no message ${JSON.stringify(key)}`);
    return fill(catalog[key], params);
  };
  return {
    t,
    errorText: (code) => {
      const key = `error.${code}`;
      if (has(catalog, key)) return catalog[key];
      if (Object.hasOwn(errorCodes, code)) return errorCodes[code as keyof typeof errorCodes][lang];
      return catalog["error.internal_error"];
    },
    noticeText: (code) => {
      const key = `notice.${code}`;
      return has(catalog, key) ? catalog[key] : undefined;
    },
    browser: (userAgent) => {
      if (userAgent === null || userAgent.trim() === "") return t("securityInfo.unknownBrowser");
      const known = describeUserAgent(userAgent);
      if (!known) return userAgent.length > 60 ? `${userAgent.slice(0, 59)}…` : userAgent;
      return known.os
        ? t("securityInfo.browserOn", { browser: known.browser, os: known.os })
        : known.browser;
    },
    date: (ms) => formats.date.format(ms),
    time: (ms) => formats.time.format(ms),
    dateTime: (ms) => formats.dateTime.format(ms),
  };
}

// Built once per language and time zone; the zones are the tenants' checked policy values.
const translators = new Map<string, Translator>();

/** The translator for a language, giving times in `timeZone` (Europe/Rome, the default's, when none). */
export function translatorFor(lang: Language, timeZone = defaultTenantPolicy.timeZone): Translator {
  const key = `${lang} ${timeZone}`;
  let translator = translators.get(key);
  if (!translator) {
    translator = createTranslator(lang, timeZone);
    if (translators.size >= 200) translators.clear();
    translators.set(key, translator);
  }
  return translator;
}
