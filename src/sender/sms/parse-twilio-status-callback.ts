import type { DeliveryReport } from "./sms-gateway.ts";

/**
 * Reads the form Twilio posts to a message's StatusCallback: `MessageSid` and `MessageStatus`.
 * `delivered` is delivered; `undelivered` and `failed` are failed (with `ErrorCode` in the detail
 * when there is one); every other status (queued, sent, …) is not final and gives undefined. The
 * caller verifies the request's signature before trusting any of it.
 */
export function parseTwilioStatusCallback(
  params: Readonly<Record<string, string>>,
  now: number,
): DeliveryReport | undefined {
  const gatewayMessageId = params.MessageSid ?? params.SmsSid;
  const status = params.MessageStatus ?? params.SmsStatus;
  if (!gatewayMessageId || !status) return undefined;
  if (status === "delivered") {
    return { gatewayMessageId, status: "delivered", at: now, detail: status };
  }
  if (status === "undelivered" || status === "failed") {
    const code = params.ErrorCode;
    return {
      gatewayMessageId,
      status: "failed",
      at: now,
      detail: code ? `${status} ${code}` : status,
    };
  }
  return undefined;
}
