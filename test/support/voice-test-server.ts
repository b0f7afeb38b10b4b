import type { FastifyInstance } from "fastify";
import type { Context } from "../../src/context.ts";
import { updatePhoneSettings } from "../../src/phone-settings/update-phone-settings.ts";
import { createPhonePort } from "../../src/sender/create-phone-port.ts";
import { enablePhoneMethods } from "./phone-tenant.ts";
import { buildTestServer, type TestApp, testActor } from "./test-app.ts";
import type { VoiceProviderDouble } from "./voice-provider-double.ts";

/**
 * A test server listening on loopback for calls placed through `provider`, a double of the
 * telephony provider: the tenant's voice provider is the double, Voice is enabled, and the
 * phone port gives the provider the server's own address to call back.
 */
export async function startVoiceTestServer(
  t: TestApp,
  provider: VoiceProviderDouble,
): Promise<FastifyInstance> {
  let publicUrl = "";
  const port = createPhonePort({
    store: t.ctx.store,
    now: t.clock.now,
    publicUrl: "http://127.0.0.1",
  });
  // The address is known only once the server listens.
  const phone = Object.defineProperty({ ...port }, "publicUrl", { get: () => publicUrl });
  const ctx: Context = { ...t.ctx, phone };
  const server = await buildTestServer(ctx);
  publicUrl = await server.listen({ host: "127.0.0.1", port: 0 });
  await updatePhoneSettings(t.ctx, testActor, t.tenant.id, {
    voiceProvider: {
      kind: "twilio",
      baseUrl: provider.baseUrl,
      accountSid: provider.accountSid,
      authToken: provider.authToken,
    },
    callerId: "+390212345678",
  });
  await enablePhoneMethods(t, ["Voice"]);
  return server;
}
