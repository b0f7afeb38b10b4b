import { isDeepStrictEqual } from "node:util";
import { createSmsGateway } from "./create-sms-gateway.ts";
import { createFailoverGateway } from "./failover-gateway.ts";
import type { SmsGatewayLogger } from "./smpp-gateway.ts";
import type { DeliveryReport, SmsGateway, SmsGatewayConfig } from "./sms-gateway.ts";

export type SmsGatewayPool = {
  /**
   * The live gateway for `key`, made on first use. `key` is `<tenant id>:<settings version>`: a
   * new version for the same tenant closes the gateway of the old one (after its sends under way
   * finish). The same key with other settings is taken as a change too. The first call's
   * `onDeliveryReport` stays with the gateway until it is replaced.
   */
  gatewayFor(
    key: string,
    primary: SmsGatewayConfig,
    secondary: SmsGatewayConfig | undefined,
    onDeliveryReport: (report: DeliveryReport) => void,
    statusCallbackUrl?: string,
  ): SmsGateway;
  /** Closes every gateway (SMPP sessions unbind). */
  close(): Promise<void>;
};

type Entry = {
  readonly key: string;
  readonly settings: unknown;
  readonly gateway: SmsGateway;
};

/**
 * Keeps one gateway per tenant, so an SMPP session is bound once and reused by every message
 * rather than bound per SMS, and closed when the tenant's settings change.
 */
export function createSmsGatewayPool(
  options: { timeoutMs?: number; logger?: SmsGatewayLogger } = {},
): SmsGatewayPool {
  const entries = new Map<string, Entry>();
  const closing = new Set<Promise<void>>();

  function retire(gateway: SmsGateway) {
    const done = gateway.close().catch((error: unknown) => {
      options.logger?.warn(
        { error: error instanceof Error ? error.message : String(error) },
        "closing an SMS gateway failed",
      );
    });
    closing.add(done);
    void done.then(() => closing.delete(done));
  }

  return {
    gatewayFor(key, primary, secondary, onDeliveryReport, statusCallbackUrl) {
      const tenant = tenantOf(key);
      const settings = { primary, secondary, statusCallbackUrl };
      const existing = entries.get(tenant);
      if (existing && existing.key === key && isDeepStrictEqual(existing.settings, settings)) {
        return existing.gateway;
      }
      if (existing) retire(existing.gateway);
      const made = (config: SmsGatewayConfig) =>
        createSmsGateway(config, { ...options, onDeliveryReport, statusCallbackUrl });
      const gateway = createFailoverGateway(made(primary), secondary ? made(secondary) : undefined);
      entries.set(tenant, { key, settings, gateway });
      return gateway;
    },
    async close() {
      for (const entry of entries.values()) retire(entry.gateway);
      entries.clear();
      await Promise.all([...closing]);
    },
  };
}

/** The tenant part of `<tenant id>:<settings version>`: all before the last colon. */
function tenantOf(key: string): string {
  const colon = key.lastIndexOf(":");
  return colon === -1 ? key : key.slice(0, colon);
}
