import { randomUUID } from "node:crypto";
import type { Context } from "../../context.ts";
import type { PhoneSettings } from "../../phone-settings/phone-settings.ts";
import { insertPhoneMessage, setPhoneMessageSent } from "../../store/queries/phone-messages.ts";
import type { PhoneMessagesTable } from "../../store/schema.ts";
import { maskPhoneNumber } from "./mask-phone-number.ts";

export type SmsToDeliver = {
  readonly tenantId: string;
  readonly userId: string;
  readonly purpose: PhoneMessagesTable["purpose"];
  readonly pendingSignInId: string | null;
  readonly phoneType: string | null;
  /** As stored: `+39 3331234567`. */
  readonly phoneNumber: string;
  readonly text: string;
  /** For a validate challenge: the code's keyed hash and when it expires. */
  readonly challenge?: { readonly codeHash: string; readonly expiresAt: number };
};

export type SmsDelivery = {
  readonly messageId: string;
  readonly sent: boolean;
};

/**
 * Hands one message, already counted (take-send-allowance.ts), to the tenant's gateway (which
 * fails over to the second one by itself) and records it with what the gateway answered, in one
 * write after the answer. Never throws for the gateway's failure: the message is recorded as
 * failed and the caller says so. The text holds a code: it goes to the gateway and nowhere else
 * (no log, no row).
 */
export async function deliverSms(
  ctx: Context,
  settings: PhoneSettings,
  sms: SmsToDeliver,
  messageId: string = randomUUID(),
): Promise<SmsDelivery> {
  const outcome = await sendThroughGateway(ctx, settings, sms, messageId);
  await insertPhoneMessage(ctx.store.db, messageRow(ctx, sms, messageId, outcome));
  return { messageId, sent: outcome.status === "sent" };
}

/**
 * The message's row, `sending`, written before the gateway sees it: for a validate challenge,
 * whose code may come back before the gateway's answer is recorded (handSmsToGateway).
 */
export async function recordOutgoingSms(
  ctx: Context,
  sms: SmsToDeliver,
  messageId: string,
): Promise<void> {
  await insertPhoneMessage(ctx.store.db, messageRow(ctx, sms, messageId, undefined));
}

/** Sends a message recorded as `sending` and records the gateway's answer; true when taken. */
export async function handSmsToGateway(
  ctx: Context,
  settings: PhoneSettings,
  sms: SmsToDeliver,
  messageId: string,
): Promise<boolean> {
  const outcome = await sendThroughGateway(ctx, settings, sms, messageId);
  await setPhoneMessageSent(ctx.store.db, {
    id: messageId,
    status: outcome.status,
    via: outcome.via,
    gatewayMessageId: outcome.id,
    detail: outcome.detail || null,
    now: ctx.now(),
  });
  return outcome.status === "sent";
}

type GatewayOutcome = {
  status: "sent" | "failed";
  via: string | null;
  id: string | null;
  detail: string;
};

async function sendThroughGateway(
  ctx: Context,
  settings: PhoneSettings,
  sms: SmsToDeliver,
  messageId: string,
): Promise<GatewayOutcome> {
  try {
    const port = ctx.phone;
    if (!port) throw new Error("no phone gateways in this process");
    const sent = await port.smsGateway(sms.tenantId, settings).send({
      to: sms.phoneNumber.replace(" ", ""),
      text: sms.text,
      reference: messageId,
    });
    return { status: "sent", via: sent.via, id: sent.gatewayMessageId, detail: "" };
  } catch (error) {
    // The gateway's words, cut short: an error names the status, never the credentials.
    const detail = error instanceof Error ? error.message.slice(0, 200) : "failed";
    return { status: "failed", via: null, id: null, detail };
  }
}

function messageRow(
  ctx: Context,
  sms: SmsToDeliver,
  messageId: string,
  outcome: GatewayOutcome | undefined,
): PhoneMessagesTable {
  const now = ctx.now();
  return {
    id: messageId,
    tenant_id: sms.tenantId,
    user_id: sms.userId,
    channel: "sms",
    purpose: sms.purpose,
    pending_sign_in_id: sms.pendingSignInId,
    phone_type: sms.phoneType,
    recipient_masked: maskPhoneNumber(sms.phoneNumber),
    status: outcome?.status ?? "sending",
    via: outcome?.via ?? null,
    gateway_message_id: outcome?.id ?? null,
    detail: outcome?.detail || null,
    code_hash: sms.challenge?.codeHash ?? null,
    expires_at: sms.challenge?.expiresAt ?? null,
    attempts: 0,
    language: null,
    created_at: now,
    updated_at: now,
  };
}
