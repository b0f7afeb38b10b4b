import type { Context } from "../../context.ts";
import type { Tenant } from "../../directory/types.ts";

/**
 * Tells the tenant's notification addresses (seed 001 "Notifiche") that this month's messages
 * have reached the cap, so no more codes or calls go out until the month ends or the cap is
 * raised. Sent once, by the last message the cap allows; a mail failure only loses the notice.
 */
export async function notifyMonthlyCapReached(ctx: Context, tenant: Tenant): Promise<void> {
  const to = tenant.policy.fraudNotificationEmails;
  if (!ctx.mail || to.length === 0) return;
  try {
    await ctx.mail.send({
      to,
      subject: `[${tenant.displayName}] Limite mensile di SMS e chiamate raggiunto / Monthly SMS and call cap reached`,
      text: [
        `Varco ha inviato il numero massimo di SMS e chiamate consentito questo mese per ${tenant.displayName}.`,
        "Fino alla fine del mese, o finché il limite non viene alzato, gli utenti non ricevono codici per SMS né chiamate: possono usare gli altri metodi.",
        "",
        `Varco has sent the most SMS messages and calls allowed this month for ${tenant.displayName}.`,
        "Until the month ends, or the cap is raised, users get no codes by SMS and no calls: they can use their other methods.",
      ].join("\n"),
    });
  } catch {
    // The cap holds whether or not the notice arrives.
  }
}
