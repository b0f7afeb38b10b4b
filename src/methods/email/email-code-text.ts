import type { MailMessage } from "../../sender/mail-sender.ts";
import type { EmailCodePurpose } from "./email-method-types.ts";

/**
 * The message that carries a code, in the user's language: what the code is for, that it
 * expires in 10 minutes, never to share it, and what to do if the user did not ask for it. The
 * subject names the tenant but holds no code: subjects show on lock screens and in mail logs.
 */
export function emailCodeMessage(input: {
  readonly to: string;
  readonly purpose: EmailCodePurpose;
  readonly language: "it" | "en";
  readonly tenantName: string;
  readonly upn: string;
  readonly code: string;
}): MailMessage {
  const { code, tenantName, upn } = input;
  if (input.language === "it") {
    const what =
      input.purpose === "registration"
        ? `Per confermare questo indirizzo come e-mail di verifica dell'account ${upn} (${tenantName}), inserisci questo codice:`
        : `Per reimpostare la password dell'account ${upn} (${tenantName}), inserisci questo codice:`;
    return {
      to: [input.to],
      subject: `Codice di verifica - ${tenantName}`,
      text: [
        what,
        "",
        `    ${code}`,
        "",
        "Il codice scade tra 10 minuti e si può usare una volta sola.",
        "Non comunicarlo a nessuno: nessuno dell'assistenza te lo chiederà mai.",
        "",
        input.purpose === "registration"
          ? "Se non l'hai chiesto tu, ignora questo messaggio: l'indirizzo non viene registrato."
          : "Se non l'hai chiesto tu, ignora questo messaggio e avvisa l'assistenza: la password non cambia.",
      ].join("\n"),
    };
  }
  const what =
    input.purpose === "registration"
      ? `To confirm this address as the verification e-mail of the account ${upn} (${tenantName}), enter this code:`
      : `To reset the password of the account ${upn} (${tenantName}), enter this code:`;
  return {
    to: [input.to],
    subject: `Verification code - ${tenantName}`,
    text: [
      what,
      "",
      `    ${code}`,
      "",
      "The code expires in 10 minutes and works once.",
      "Do not share it with anyone: the helpdesk will never ask you for it.",
      "",
      input.purpose === "registration"
        ? "If you did not ask for it, ignore this message: the address is not registered."
        : "If you did not ask for it, ignore this message and tell the helpdesk: the password does not change.",
    ].join("\n"),
  };
}
