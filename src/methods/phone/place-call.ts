import type { Context } from "../../context.ts";
import type { PhoneSettings } from "../../phone-settings/phone-settings.ts";
import { insertPhoneMessage } from "../../store/queries/phone-messages.ts";
import { maskPhoneNumber } from "./mask-phone-number.ts";

export type CallToPlace = {
  readonly messageId: string;
  readonly tenantId: string;
  readonly userId: string;
  /** The sign-in it was placed for; null for a validate challenge and a password reset. */
  readonly pendingSignInId: string | null;
  readonly purpose: "signIn" | "validate" | "passwordReset";
  readonly phoneType: string;
  /** As stored: `+39 3331234567`. */
  readonly phoneNumber: string;
  readonly language: "it" | "en";
};

/** The paths of a call's callbacks, under the public address: one per call, named by its id. */
export const callHookPaths = (messageId: string) => ({
  instructions: `/hooks/voice/calls/${messageId}/instructions`,
  digits: `/hooks/voice/calls/${messageId}/digits`,
  status: `/hooks/voice/calls/${messageId}/status`,
});

/**
 * Asks the tenant's telephony provider to call the user (seed 001 "Impostazioni telefonata"),
 * already counted like an SMS (take-send-allowance.ts): the call's row first (`calling`), so
 * that the provider's callbacks find it, then the provider, whose failure marks the call failed.
 * True when the provider took the call.
 */
export async function placeCall(
  ctx: Context,
  settings: PhoneSettings,
  call: CallToPlace,
): Promise<boolean> {
  const db = ctx.store.db;
  const now = ctx.now();
  await insertPhoneMessage(db, {
    id: call.messageId,
    tenant_id: call.tenantId,
    user_id: call.userId,
    channel: "voice",
    purpose: call.purpose,
    pending_sign_in_id: call.pendingSignInId,
    phone_type: call.phoneType,
    recipient_masked: maskPhoneNumber(call.phoneNumber),
    status: "calling",
    via: null,
    gateway_message_id: null,
    detail: null,
    code_hash: null,
    expires_at: null,
    attempts: 0,
    language: call.language,
    created_at: now,
    updated_at: now,
  });
  const port = ctx.phone;
  const base = port?.publicUrl.replace(/\/+$/, "") ?? "";
  const paths = callHookPaths(call.messageId);
  try {
    if (!port) throw new Error("no telephony provider in this process");
    const { callId } = await port.voiceProvider(settings).placeCall({
      to: call.phoneNumber.replace(" ", ""),
      from: settings.callerId,
      instructionsUrl: `${base}${paths.instructions}`,
      statusCallbackUrl: `${base}${paths.status}`,
    });
    await db
      .updateTable("phone_messages")
      .set({ gateway_message_id: callId, via: "primary", updated_at: ctx.now() })
      .where("id", "=", call.messageId)
      .execute();
    return true;
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 200) : "failed";
    await db
      .updateTable("phone_messages")
      .set({ status: "failed", detail, updated_at: ctx.now() })
      .where("id", "=", call.messageId)
      .where("status", "=", "calling")
      .execute();
    return false;
  }
}
