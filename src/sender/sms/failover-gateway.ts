import type { SmsGateway } from "./sms-gateway.ts";
import { SmsGatewayError } from "./sms-gateway-error.ts";

/**
 * A tenant's two gateways as one: one attempt on the primary; when it rejects (an error, a
 * refusal, its timeout), one attempt on the secondary, answered `via: "secondary"`; when both
 * reject, one error saying so, with both reasons. Never a second attempt on the same gateway: a
 * message that timed out may have gone out, and a resend loop is how a user gets ten codes and
 * a tenant a bill. Without a secondary, the primary alone.
 */
export function createFailoverGateway(
  primary: SmsGateway,
  secondary: SmsGateway | undefined,
): SmsGateway {
  if (!secondary) return primary;
  return {
    async send(message) {
      let primaryError: unknown;
      try {
        const sent = await primary.send(message);
        return { gatewayMessageId: sent.gatewayMessageId, via: "primary" };
      } catch (error) {
        primaryError = error;
      }
      try {
        const sent = await secondary.send(message);
        return { gatewayMessageId: sent.gatewayMessageId, via: "secondary" };
      } catch (secondaryError) {
        throw new SmsGatewayError(
          "all_failed",
          `both SMS gateways failed: primary: ${reason(primaryError)}; secondary: ${reason(secondaryError)}`,
          { cause: new AggregateError([primaryError, secondaryError]) },
        );
      }
    },
    async close() {
      await Promise.all([primary.close(), secondary.close()]);
    },
  };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
