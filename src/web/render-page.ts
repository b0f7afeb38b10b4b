import { fileURLToPath } from "node:url";
import { Eta } from "eta";
import { adminWords } from "./admin-words.ts";
import { breakAtSeparators } from "./break-at-separators.ts";
import { translatorFor } from "./i18n/translate.ts";
import type { CommonModel, Language, PageModels, PageName } from "./page-models.ts";

export type {
  BackupCodeModel,
  BackupCodesModel,
  CommonModel,
  EnrolAppModel,
  EnrolQrModel,
  ErrorModel,
  Language,
  LockedModel,
  OtherWaysModel,
  PageModels,
  PageName,
  ReauthModel,
  RegisterIntroModel,
  RememberedDevice,
  SecurityInfoMethod,
  SecurityInfoModel,
  SecurityInfoNotice,
  SessionEntry,
  SignInModel,
  VerifyMethod,
  VerifyModel,
} from "./page-models.ts";

const pages: ReadonlySet<string> = new Set<PageName>([
  "sign-in",
  "tap-sign-in",
  "verify",
  "fraud-reported",
  "admin-users",
  "admin-user",
  "admin-user-delete",
  "admin-confirm",
  "confirm",
  "admin-tap-issued",
  "admin-audit",
  "admin-policy",
  "admin-sign-ins",
  "admin-risky-users",
  "admin-lockouts",
  "admin-tokens",
  "admin-token-import",
  "admin-users-bulk",
  "admin-users-bulk-outcome",
  "admin-dashboard",
  "admin-campaigns",
  "change-password",
  "other-ways",
  "backup-code",
  "locked",
  "blocked",
  "register-intro",
  "enrol-app",
  "enrol-qr",
  "backup-codes",
  "security-info",
  "reauth",
  "error",
  "accounts",
  "admin-branding",
  "admin-domains",
  "admin-scim-tokens",
  "admin-scim-token-created",
  "admin-tenant-confirm",
  "admin-voice-greetings",
  "admin-phone",
  "verify-sms",
  "verify-call",
  "register-phone",
  "register-phone-code",
  "register-phone-done",
  "admin-methods",
  "admin-phone-messages",
  "passkey-new",
  "passkey-rename",
  "change-password-own",
  "password-reset",
  "admin-password-reset",
  "email-method",
  "security-questions",
  "admin-security-questions",
  "app-password-new",
  "app-password-created",
]);

// Every `<%= %>` is HTML-escaped; only `<%~ %>` writes raw markup (the layout's body, partials
// and the QR code's SVG, which qrSvg() builds from our own data).
const eta = new Eta({
  views: fileURLToPath(new URL("./templates", import.meta.url)),
  autoEscape: true,
  cache: true,
});

const linkBase = "http://varco.invalid";

/**
 * The link to the current page in another language. `path` comes from the request: anything
 * that is not a plain local path (`//host`, `/\host`, `javascript:`) falls back to "/".
 */
function languageHref(path: string, lang: Language): string {
  let url: URL;
  try {
    url = new URL(path.startsWith("/") ? path : "/", linkBase);
  } catch {
    url = new URL("/", linkBase);
  }
  if (url.origin !== linkBase) url = new URL("/", linkBase);
  url.hash = "";
  url.searchParams.set("lang", lang);
  return url.pathname + url.search;
}

/** Renders a complete HTML page in the visitor's language. */
export function renderPage<P extends PageName>(
  page: P,
  model: PageModels[P],
  common: CommonModel,
): string {
  if (!pages.has(page)) throw new Error(`unknown page ${JSON.stringify(page)}`);
  const lang: Language = common.lang === "it" ? "it" : "en";
  const translator = translatorFor(lang, common.timeZone);
  return eta.render(`./${page}`, {
    ...model,
    ...translator,
    words: adminWords(translator.t),
    breakable: breakAtSeparators,
    common: { ...common, lang },
    langHref: (target: Language) => languageHref(common.path, target),
  });
}
