import type { Context } from "../../src/context.ts";
import type { Tenant } from "../../src/directory/types.ts";
import { phoneGatewaysReady } from "../../src/policy/method-configurations/phone-gateways-ready.ts";
import { updateMethodConfiguration } from "../../src/policy/method-configurations/update-method-configuration.ts";
import type { SmppGatewayConfig } from "../../src/sender/sms/sms-gateway.ts";
import type { TestSmsc } from "./smsc.ts";
import { testActor } from "./test-app.ts";

/** The tenant's SMPP gateway: the test SMSC, with its default credentials. */
export function smppGatewayOf(smsc: TestSmsc): SmppGatewayConfig {
  return {
    kind: "smpp",
    host: "127.0.0.1",
    port: smsc.port,
    tls: false,
    systemId: "varco",
    password: "secret1",
    sourceAddress: "Varco",
  };
}

/**
 * Turns Sms and Voice on for every user of the tenant, as an administrator does on the methods
 * page once the phone settings name a gateway (without one they stay off).
 */
export async function enablePhoneMethods(
  t: { readonly ctx: Context; readonly tenant: Tenant },
  methods: readonly ("Sms" | "Voice")[],
): Promise<void> {
  const ready = await phoneGatewaysReady(t.ctx, t.tenant.id);
  for (const id of methods)
    await updateMethodConfiguration(t.ctx, testActor, t.tenant.id, id, { state: "enabled" }, ready);
}
