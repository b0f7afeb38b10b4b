/** What a `deliver_sm` carrying a delivery receipt says, before it is tied to a message. */
export type SmppDeliveryReceipt = {
  /** The message id as the receipt names it. */
  readonly messageId: string;
  /** The final state's word of SMPP 3.4 Appendix B (`DELIVRD`, `UNDELIV`, …). */
  readonly stat: string;
  /** The `err:` field, when the receipt has one other than zero. */
  readonly error: string | undefined;
  /** Whether the state is final and which way it went; undefined while the message is en route. */
  readonly outcome: "delivered" | "failed" | undefined;
};

/** esm_class bits 2-5 hold the message type; 0x04 is "SMSC Delivery Receipt" (SMPP 3.4 §5.2.12). */
const esmClassTypeMask = 0x3c;
const esmClassDeliveryReceipt = 0x04;

/** The `message_state` TLV's values (SMPP 3.4 §5.2.28), as the words of Appendix B. */
const messageStates: Readonly<Record<number, string>> = {
  1: "ENROUTE",
  2: "DELIVRD",
  3: "EXPIRED",
  4: "DELETED",
  5: "UNDELIV",
  6: "ACCEPTD",
  7: "UNKNOWN",
  8: "REJECTD",
};

const outcomes: Readonly<Record<string, "delivered" | "failed">> = {
  DELIVRD: "delivered",
  UNDELIV: "failed",
  REJECTD: "failed",
  EXPIRED: "failed",
  // Deleted by the SMSC before delivery: final, and the phone never got it.
  DELETED: "failed",
};

/**
 * Reads a `deliver_sm`: undefined unless its esm_class marks a delivery receipt. The
 * `receipted_message_id` and `message_state` TLVs (SMPP 3.4 §5.2.28-29) win over the text of
 * Appendix B (`id:… sub:… dlvrd:… submit date:… done date:… stat:DELIVRD err:000 text:…`), which
 * SMPP 3.4 calls vendor-specific but nearly every SMSC sends.
 */
export function parseSmppDeliveryReceipt(
  pdu: Readonly<Record<string, unknown>>,
): SmppDeliveryReceipt | undefined {
  if (typeof pdu.esm_class !== "number") return undefined;
  if ((pdu.esm_class & esmClassTypeMask) !== esmClassDeliveryReceipt) return undefined;
  const text = messageText(pdu.short_message) || messageText(pdu.message_payload);
  const field = (name: string) =>
    new RegExp(`(?:^|\\s)${name}:(\\S*)`, "i").exec(text)?.[1] || undefined;

  const tlvId = typeof pdu.receipted_message_id === "string" ? pdu.receipted_message_id : "";
  const messageId = tlvId || field("id");
  const tlvStat = typeof pdu.message_state === "number" ? messageStates[pdu.message_state] : "";
  const stat = (tlvStat || field("stat") || "").toUpperCase();
  if (!messageId || !stat) return undefined;
  const error = field("err");
  return {
    messageId,
    stat,
    error: error && !/^0+$/.test(error) ? error : undefined,
    outcome: outcomes[stat],
  };
}

/** The smpp package decodes a short message to `{ message }` (a string) when it knows the coding. */
function messageText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Buffer.isBuffer(value)) return value.toString("latin1");
  if (typeof value === "object" && value !== null && "message" in value) {
    return messageText((value as { message: unknown }).message);
  }
  return "";
}
