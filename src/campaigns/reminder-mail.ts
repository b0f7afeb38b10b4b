import { defaultTenantName } from "../directory/default-tenant.ts";
import type { Tenant } from "../directory/types.ts";
import { translatorFor } from "../web/i18n/translate.ts";

type Language = "en" | "it";

/** The tenant's own sign-in page, as a roll-out letter links it: `/t/{tenant}/sign-in`. */
export function signInLinkOf(publicUrl: string, tenant: Tenant): string {
  const base = publicUrl.replace(/\/+$/, "");
  return tenant.name === defaultTenantName
    ? `${base}/sign-in`
    : `${base}/t/${encodeURIComponent(tenant.name)}/sign-in`;
}

const words = {
  en: (p: { org: string; deadline: string; link: string; left: number }) => [
    `${p.org} asks you to set up a second way to sign in (multi-factor authentication) by ${p.deadline}.`,
    `Sign in at ${p.link} and follow the steps: it takes a few minutes with an authenticator app on your phone.`,
    p.left > 0
      ? `Until then you may choose "Not now" at sign-in ${p.left === 1 ? "once more" : `${p.left} more times`}; after the deadline the steps come first.`
      : "After the deadline you will set it up before you can sign in.",
    "You receive this message because you have not set it up yet. No one will ever ask you for a code by e-mail or phone.",
  ],
  it: (p: { org: string; deadline: string; link: string; left: number }) => [
    `${p.org} ti chiede di configurare un secondo metodo di accesso (autenticazione a più fattori) entro il ${p.deadline}.`,
    `Accedi da ${p.link} e segui i passaggi: bastano pochi minuti con un'app di autenticazione sul telefono.`,
    p.left > 0
      ? `Fino ad allora, all'accesso puoi scegliere "Non ora" ${p.left === 1 ? "ancora una volta" : `ancora ${p.left} volte`}; dopo la scadenza la configurazione viene prima di tutto.`
      : "Dopo la scadenza dovrai configurarlo prima di poter accedere.",
    "Ricevi questo messaggio perché non l'hai ancora configurato. Nessuno ti chiederà mai un codice per e-mail o per telefono.",
  ],
};

/**
 * A reminder to register, in the language the user last used the pages in, or in Italian and
 * English when that is not known; the deadline in the tenant's time zone, in words. No secret.
 */
export function reminderMail(input: {
  tenant: Tenant;
  language: string | null;
  deadlineAt: number;
  postponementsLeft: number;
  publicUrl: string;
}): { subject: string; text: string } {
  const zone = input.tenant.policy.timeZone;
  const link = signInLinkOf(input.publicUrl, input.tenant);
  const body = (lang: Language) =>
    words[lang]({
      org: input.tenant.displayName,
      // The last minute of the deadline day: a deadline at midnight reads as the day it ends.
      deadline: `${translatorFor(lang, zone).dateTime(input.deadlineAt - 60_000)} (${zone})`,
      link,
      left: input.postponementsLeft,
    }).join("\n\n");
  const subjects = {
    en: "Set up your second sign-in method",
    it: "Configura il secondo metodo di accesso",
  };
  const only: Language | undefined =
    input.language === "en" || input.language === "it" ? input.language : undefined;
  if (only) return { subject: subjects[only], text: `${body(only)}\n` };
  return {
    subject: `${subjects.it} / ${subjects.en}`,
    text: `${body("it")}\n\n---\n\n${body("en")}\n`,
  };
}
