import type { PhoneSettings } from "../phone-settings/phone-settings.ts";
import type { Store } from "../store/open-store.ts";
import { recordPhoneDelivery } from "../store/queries/phone-messages.ts";
import type { PhonePort } from "./phone-port.ts";
import type { SmsGatewayLogger } from "./sms/smpp-gateway.ts";
import type { DeliveryReport } from "./sms/sms-gateway.ts";
import { createSmsGatewayPool } from "./sms/sms-gateway-pool.ts";
import { createVoiceProvider } from "./voice/voice-provider.ts";

/**
 * The phone port of a running Varco: one gateway per tenant kept in a pool (an SMPP session
 * stays bound between messages), whose delivery reports are recorded with their message.
 */
export function createPhonePort(input: {
  readonly store: Store;
  readonly now: () => number;
  readonly publicUrl: string;
  readonly logger?: SmsGatewayLogger;
}): PhonePort {
  const pool = createSmsGatewayPool(input.logger ? { logger: input.logger } : {});
  const base = input.publicUrl.replace(/\/+$/, "");
  const record = (report: DeliveryReport) =>
    recordPhoneDelivery(input.store.db, {
      gatewayMessageId: report.gatewayMessageId,
      status: report.status === "delivered" ? "delivered" : "undelivered",
      detail: report.detail.slice(0, 100),
      now: input.now(),
    });
  // A message is recorded once the gateway answered (deliver-sms.ts): a report that comes
  // first finds no row yet, and is tried once more a second later.
  const recordReport = (report: DeliveryReport) => {
    record(report)
      .then((found) =>
        found
          ? found
          : new Promise((resolve) => setTimeout(resolve, 1000).unref()).then(() => record(report)),
      )
      .catch((error: unknown) => {
        // A report lost is a status not updated; the message itself went out.
        input.logger?.warn({ err: error }, "SMS delivery report not recorded");
      });
  };
  return {
    publicUrl: input.publicUrl,
    smsGateway(tenantId: string, settings: PhoneSettings) {
      if (!settings.smsPrimary) throw new Error("the tenant has no SMS gateway");
      return pool.gatewayFor(
        `${tenantId}:${settings.version}`,
        settings.smsPrimary,
        settings.smsSecondary,
        recordReport,
        `${base}/hooks/sms/status/${encodeURIComponent(tenantId)}`,
      );
    },
    voiceProvider(settings: PhoneSettings) {
      if (!settings.voiceProvider) throw new Error("the tenant has no voice provider");
      return createVoiceProvider(settings.voiceProvider);
    },
    close: () => pool.close(),
  };
}
