import { type Static, Type } from "typebox";
import type { PhoneMessageEntry } from "../../store/queries/phone-messages-page.ts";
import { DateTime, isoTime, Nullable } from "../contracts/nullable.ts";

export const GraphPhoneMessage = Type.Object(
  {
    id: Type.String(),
    createdDateTime: DateTime,
    channel: Type.Enum(["sms", "voice"], { description: "A text message or a call" }),
    purpose: Type.Enum(["signIn", "registration", "validate", "passwordReset"], {
      description: "Why it was sent: a sign-in, a phone's registration, the validate API",
    }),
    userId: Type.String(),
    userPrincipalName: Type.String(),
    recipient: Type.String({ description: "The number, masked as it is stored" }),
    status: Type.String({
      description:
        "sending, sent, failed, delivered, undelivered; calling, approved, denied, fraud; used (docs/phone.md)",
    }),
    gateway: Nullable(
      Type.String({ description: "primary or secondary: the gateway that took it" }),
    ),
    gatewayMessageId: Nullable(Type.String({ description: "The gateway's own id" })),
    detail: Nullable(Type.String({ description: "What the gateway or its report said" })),
    updatedDateTime: DateTime,
  },
  { description: "A text message or call Varco asked a gateway for (never its code)" },
);

/** A message's record in the API's words: every field named, so no code hash can slip out. */
export function graphPhoneMessage(entry: PhoneMessageEntry): Static<typeof GraphPhoneMessage> {
  return {
    id: entry.id,
    createdDateTime: isoTime(entry.created_at),
    channel: entry.channel,
    purpose: entry.purpose,
    userId: entry.user_id,
    userPrincipalName: entry.upn,
    recipient: entry.recipient_masked,
    status: entry.status,
    gateway: entry.via === "primary" || entry.via === "secondary" ? entry.via : null,
    gatewayMessageId: entry.gateway_message_id,
    detail: entry.detail,
    updatedDateTime: isoTime(entry.updated_at),
  };
}
