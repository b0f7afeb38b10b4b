import type { FastifyInstance } from "fastify";
import type { Context } from "../../src/context.ts";
import { updateMethodConfiguration } from "../../src/policy/method-configurations/update-method-configuration.ts";
import { createMailSender } from "../../src/sender/mail-sender.ts";
import { type ReceivedMail, startSmtpSink } from "../support/smtp-sink.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

export type EmailTestApp = {
  readonly t: TestApp;
  /** The app's context, its mail going to the SMTP server below. */
  readonly ctx: Context;
  readonly server: FastifyInstance;
  readonly received: ReceivedMail[];
  close(): Promise<void>;
};

/**
 * A Varco app whose mail goes over SMTP to a real server on loopback (smtp-server), which
 * keeps what it receives, and its HTTP server on the same context.
 */
export async function openEmailTestApp(kind: "sqlite" | "postgres"): Promise<EmailTestApp> {
  const t = await openTestApp(kind);
  const smtp = await startSmtpSink();
  const mail = createMailSender({
    smtpUrl: smtp.url,
    mailFrom: "varco@scuola.example.it",
    dataDir: t.dataDir,
  });
  const ctx: Context = { ...t.ctx, mail };
  const server = await buildTestServer(ctx);
  return {
    t,
    ctx,
    server,
    received: smtp.received,
    async close() {
      await server.close();
      await smtp.close();
      await t.close();
    },
  };
}

/** The tenant's administrator enables e-mail (Graph's Email configuration) for everyone. */
export async function enableEmail(app: EmailTestApp, state: "enabled" | "disabled" = "enabled") {
  await updateMethodConfiguration(
    app.ctx,
    testActor,
    app.t.tenant.id,
    "Email",
    { state },
    { sms: false, voice: false },
  );
}

/** The code in the last mail to `address`, read back as a person would. */
export function codeMailedTo(received: readonly ReceivedMail[], address: string): string {
  const mail = received.findLast((m) =>
    m.to.some((to) => to.toLowerCase() === address.toLowerCase()),
  );
  const code = mail && /^\s+([0-9]{6})\s*$/m.exec(mail.text)?.[1];
  if (!code) throw new Error(`no code mailed to ${address}`);
  return code;
}

/** A six-digit code that is not `code`. */
export const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");
