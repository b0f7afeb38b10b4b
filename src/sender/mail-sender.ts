import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";

export type MailMessage = {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
};

/** The e-mail port: SMTP when configured, else an outbox folder (the embedded default). */
export type MailSender = { send(message: MailMessage): Promise<void> };

/**
 * Sends over SMTP with nodemailer (STARTTLS when the server offers it), or writes each message
 * as an .eml file to `<dataDir>/outbox` when no SMTP server is set, so nothing is lost and an
 * administrator can see what would have gone out.
 */
export function createMailSender(config: {
  smtpUrl: string;
  mailFrom: string;
  dataDir: string;
}): MailSender {
  const from = config.mailFrom;
  if (config.smtpUrl) {
    const options: SMTPTransport.Options = {
      url: config.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    };
    const transport = nodemailer.createTransport(options);
    return {
      async send(message) {
        await transport.sendMail({
          from,
          to: [...message.to],
          subject: message.subject,
          text: message.text,
        });
      },
    };
  }
  const outbox = join(config.dataDir, "outbox");
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    async send(message) {
      const built = await builder.sendMail({
        from,
        to: [...message.to],
        subject: message.subject,
        text: message.text,
      });
      await mkdir(outbox, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomUUID()}.eml`;
      await writeFile(join(outbox, name), built.message as Buffer, { mode: 0o600 });
    },
  };
}
