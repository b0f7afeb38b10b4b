import type { MailMessage } from "../sender/mail-sender.ts";

/**
 * The e-mail that tells a user their password was reset: when, from which address, and whom to
 * ask if it was not them. No link to follow (a phishing mail would look the same).
 */
export function passwordChangedMail(input: {
  readonly language: "it" | "en";
  readonly tenantName: string;
  readonly upn: string;
  readonly at: number;
  readonly timeZone: string;
  readonly ip: string | null;
  readonly helpdeskContact: string;
}): Omit<MailMessage, "to"> {
  const when = new Intl.DateTimeFormat(input.language === "it" ? "it-IT" : "en-GB", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: input.timeZone,
  }).format(input.at);
  const from = input.ip ?? "?";
  if (input.language === "it") {
    const help = input.helpdeskContact
      ? `Se non sei stato tu, contatta subito l'assistenza: ${input.helpdeskContact}.`
      : "Se non sei stato tu, contatta subito l'assistenza della tua organizzazione.";
    return {
      subject: `${input.tenantName}: la tua password è stata reimpostata`,
      text: [
        `La password dell'account ${input.upn} è stata reimpostata il ${when} dall'indirizzo ${from}.`,
        "Tutte le sessioni aperte e i dispositivi memorizzati sono stati disconnessi.",
        help,
      ].join("\n\n"),
    };
  }
  const help = input.helpdeskContact
    ? `If this was not you, contact the helpdesk now: ${input.helpdeskContact}.`
    : "If this was not you, contact your organisation's helpdesk now.";
  return {
    subject: `${input.tenantName}: your password was reset`,
    text: [
      `The password of the account ${input.upn} was reset on ${when} from the address ${from}.`,
      "Every open session and remembered device was signed out.",
      help,
    ].join("\n\n"),
  };
}
