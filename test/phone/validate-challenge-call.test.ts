import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { findUser } from "../../src/directory/find-user.ts";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import {
  startVoiceProviderDouble,
  type VoiceProviderDouble,
} from "../support/voice-provider-double.ts";
import { startVoiceTestServer } from "../support/voice-test-server.ts";

// Challenge mode by phone call, for a VPN that cannot show a page: a call without a code and
// with channel voice rings the user; the transaction id alone then asks whether the call was
// approved with #. The fraud code reports the attempt as the code prompt's "I didn't try" does.
for (const kind of ["sqlite", "postgres"] as const) {
  describe(`the validate API's challenge by phone call on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let provider: VoiceProviderDouble;
    let key: string;
    let n = 0;
    before(async () => {
      t = await openTestApp(kind);
      provider = await startVoiceProviderDouble();
      server = await startVoiceTestServer(t, provider);
      await changeTenantPolicy(t.ctx, testActor, t.tenant, {
        reportSuspiciousActivity: true,
        highRiskAction: "block",
      });
      key = (await createApiKey(t.ctx, testActor, t.tenant, { name: "vpn" })).key;
    });
    after(async () => {
      await server.close();
      await t.close();
      await provider.close();
    });

    const validate = async (body: Record<string, unknown>) => {
      const answer = await server.inject({
        method: "POST",
        url: "/api/v1/validate",
        headers: { authorization: `Bearer ${key}` },
        payload: body,
      });
      return { status: answer.statusCode, body: answer.json() };
    };

    /** A user with a phone, rung by a challenge; the call's id at the provider. */
    const rung = async () => {
      n += 1;
      const upn = `vpn-call${n}@example.it`;
      const user = await createUser(t.ctx, testActor, t.tenant, { upn });
      await addPhoneMethod(t.ctx, testActor, user, {
        phoneType: "office",
        phoneNumber: `+39 02123456${String(n).padStart(2, "0")}`,
      });
      const first = await validate({ upn, channel: "voice" });
      assert.equal(first.body.result, "challenge");
      for (let i = 0; i < 100 && provider.calls.length < n; i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      const call = provider.calls.at(-1);
      assert.ok(call);
      return { upn, transactionId: first.body.transactionId as string, callId: call.callId };
    };

    test("# approves once; before it, the gateway is told to wait", async () => {
      const { upn, transactionId, callId } = await rung();
      assert.equal((await validate({ upn, transactionId })).body.result, "reject");
      await provider.answer(callId, "#");
      assert.equal((await validate({ upn, transactionId })).body.result, "accept");
      assert.equal((await validate({ upn, transactionId })).body.result, "reject");
      const reasons = (await listSignIns(t.ctx.store.db, t.tenant.id, 3)).map((e) => e.reason);
      assert.deepEqual(reasons, ["phone_call_denied", "success", "phone_call_waiting"]);
    });

    test("a wrong key or no answer rejects", async () => {
      const denied = await rung();
      await provider.answer(denied.callId, "1");
      assert.equal(
        (await validate({ upn: denied.upn, transactionId: denied.transactionId })).body.result,
        "reject",
      );
      const unanswered = await rung();
      await provider.letRing(unanswered.callId, "no-answer");
      assert.equal(
        (await validate({ upn: unanswered.upn, transactionId: unanswered.transactionId })).body
          .result,
        "reject",
      );
    });

    test("the fraud code reports the attempt: the user is blocked", async () => {
      const { upn, transactionId, callId } = await rung();
      await provider.answer(callId, "0#");
      assert.equal((await validate({ upn, transactionId })).body.result, "reject");
      assert.equal((await findUser(t.ctx, t.tenant, upn)).blocked, true);
    });

    test("another user's transaction id is rejected, and a channel with a second call is refused", async () => {
      const { transactionId, callId } = await rung();
      await provider.answer(callId, "#");
      const other = await rung();
      assert.equal((await validate({ upn: other.upn, transactionId })).body.result, "reject");
      const mixed = await validate({ upn: other.upn, transactionId, channel: "voice" });
      assert.equal(mixed.status, 400);
    });
  });
}
