import type { Tenant, User } from "../directory/types.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";
import type { ClientInfo } from "../sign-in/types.ts";
import { translatorFor } from "../web/i18n/translate.ts";

const actionText: Record<TenantPolicy["highRiskAction"], { en: string; it: string }> = {
  block: {
    en: "Sign-in is blocked for 90 days, or until an administrator lifts the block.",
    it: "L'accesso è bloccato per 90 giorni, o finché un amministratore non lo sblocca.",
  },
  requirePasswordChange: {
    en: "At the next sign-in, after MFA, the user must choose a new password.",
    it: "Al prossimo accesso, dopo l'MFA, l'utente deve scegliere una nuova password.",
  },
  none: {
    en: "The user's risk is high; no block was applied.",
    it: "Il rischio dell'utente è elevato; non è stato applicato alcun blocco.",
  },
};

/**
 * The e-mail to the tenant's notification addresses (seed 001 "Notifiche"), in English and
 * Italian: who, when (in the tenant's time zone), from where, and what Varco did. It holds no secret and no code.
 */
export function fraudNotice(input: {
  tenant: Tenant;
  user: User;
  client: ClientInfo;
  now: number;
  action: TenantPolicy["highRiskAction"];
}): { subject: string; text: string } {
  const { tenant, user, client, now, action } = input;
  // In the tenant's time zone, named, as the pages give times.
  const zone = tenant.policy.timeZone;
  const when = {
    en: `${translatorFor("en", zone).dateTime(now)} (${zone})`,
    it: `${translatorFor("it", zone).dateTime(now)} (${zone})`,
  };
  const agent = client.userAgent?.slice(0, 200);
  const where = {
    en: `${client.ip ?? "unknown address"} (${agent ?? "unknown browser"})`,
    it: `${client.ip ?? "indirizzo sconosciuto"} (${agent ?? "browser sconosciuto"})`,
  };
  return {
    subject: `Fraud reported / Accesso sospetto segnalato: ${user.upn}`,
    text: [
      `${user.upn} (${tenant.displayName}) reported a sign-in they did not make: "I didn't try to sign in".`,
      `Time: ${when.en}`,
      `From: ${where.en}`,
      actionText[action].en,
      "The password may be known to someone else. Check the sign-in log, then confirm the compromise or dismiss the risk.",
      "",
      `${user.upn} (${tenant.displayName}) ha segnalato un accesso che non ha effettuato: "Non ho provato ad accedere".`,
      `Ora: ${when.it}`,
      `Da: ${where.it}`,
      actionText[action].it,
      "La password potrebbe essere nota ad altri. Controlla il log degli accessi, poi conferma la compromissione o ignora il rischio.",
      "",
    ].join("\n"),
  };
}
