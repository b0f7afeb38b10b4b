import { createHttpTemplateGateway } from "./http-template-gateway.ts";
import { createSmppGateway, type SmsGatewayLogger } from "./smpp-gateway.ts";
import type { DeliveryReport, SmsGateway, SmsGatewayConfig } from "./sms-gateway.ts";
import { createTwilioGateway } from "./twilio-gateway.ts";

export type SmsGatewayOptions = {
  /** Receipts that arrive on the gateway's own connection (SMPP); HTTP ones come by callback. */
  onDeliveryReport(report: DeliveryReport): void;
  /** Given to the providers that post status changes (Twilio's StatusCallback). */
  statusCallbackUrl?: string;
  timeoutMs?: number;
  logger?: SmsGatewayLogger;
};

/** The adapter for one configuration, by its kind. */
export function createSmsGateway(config: SmsGatewayConfig, options: SmsGatewayOptions): SmsGateway {
  switch (config.kind) {
    case "smpp":
      return createSmppGateway(config, options);
    case "twilio":
      return createTwilioGateway(config, options);
    case "httpTemplate":
      return createHttpTemplateGateway(config, options);
  }
}
