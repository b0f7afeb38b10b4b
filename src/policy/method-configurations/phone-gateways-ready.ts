import type { Context } from "../../context.ts";
import type { GatewayReady } from "./method-configuration.ts";

/**
 * Whether the tenant can send text messages and place calls: the tenant's phone settings answer
 * it, once they name a gateway. Until then no tenant has one, so Sms and Voice stay disabled.
 */
export async function phoneGatewaysReady(_ctx: Context, _tenantId: string): Promise<GatewayReady> {
  return { sms: false, voice: false };
}
