import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { findUser } from "../../src/directory/find-user.ts";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { signTwilioRequest } from "../../src/sender/twilio-signature.ts";
import { readCounter } from "../../src/store/queries/counters.ts";
import { secondFactorCounterKey } from "../../src/store/queries/lockouts.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { browserLike } from "../support/http-client.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import {
  startVoiceProviderDouble,
  type VoiceProviderDouble,
} from "../support/voice-provider-double.ts";
import { startVoiceTestServer } from "../support/voice-test-server.ts";

// Seed 001 "Impostazioni telefonata" and "Avviso di illecito", against a double of the provider:
// the call asks for # to approve; the fraud code reports the sign-in as "I didn't try to sign in"
// does; a wrong key, silence or no answer denies; a callback without the provider's signature
// changes nothing.
for (const kind of ["sqlite", "postgres"] as const) {
  describe(`voice calls at sign-in on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let provider: VoiceProviderDouble;
    let n = 0;
    before(async () => {
      t = await openTestApp(kind);
      provider = await startVoiceProviderDouble();
      server = await startVoiceTestServer(t, provider);
      await changeTenantPolicy(t.ctx, testActor, t.tenant, {
        reportSuspiciousActivity: true,
        highRiskAction: "block",
      });
    });
    after(async () => {
      await server.close();
      await t.close();
      await provider.close();
    });

    /** A user with an app and a mobile, at the code prompt, and the call placed to the mobile. */
    const called = async (language: "it" | "en" = "it") => {
      n += 1;
      const person = await createSignInUser(t, `voice${n}@example.it`);
      const number = `+39 33398765${String(n).padStart(2, "0")}`;
      await addPhoneMethod(t.ctx, testActor, person.user, {
        phoneType: "mobile",
        phoneNumber: number,
      });
      const browser = browserLike(server);
      const start = await browser.json("POST", "/api/v1/sign-in", {
        upn: person.upn,
        password: testPassword,
      });
      assert.ok(start.json().methods.some((m: { id: string }) => m.id === "voice:mobile"));
      const placed = await browser.json("POST", "/api/v1/sign-in/phone-call", {
        phoneType: "mobile",
        language,
      });
      assert.equal(placed.json().phoneCall.status, "calling");
      const call = provider.calls.at(-1);
      assert.ok(call);
      assert.deepEqual([call.to, call.from], [number.replace(" ", ""), "+390212345678"]);
      return { person, browser, callId: call.callId };
    };

    test("# approves: the call says the greeting in the user's language, and the sign-in goes on once", async () => {
      const { browser, callId, person } = await called("it");
      const waiting = await browser.json("POST", "/api/v1/sign-in/phone-call/answer", {});
      assert.equal(waiting.json().error, "phone_call_waiting");
      const answer = await provider.answer(callId, "#");
      assert.ok(answer?.includes("<Hangup"));
      const said = provider.call(callId).said;
      assert.equal(said[0]?.verb === "Say" && said[0].language, "it-IT");
      assert.match(said[0]?.verb === "Say" ? said[0].text : "", new RegExp(t.tenant.displayName));
      const done = await browser.json("POST", "/api/v1/sign-in/phone-call/answer", {});
      assert.deepEqual([done.json().state, done.json().mfa], ["signed_in", "phoneCall"]);
      const entry = (await listSignIns(t.ctx.store.db, t.tenant.id, 5)).find(
        (e) => e.user_id === person.user.id && e.result === "success",
      );
      assert.equal(entry?.method_kind, "voice");
      // The approval was spent with the session: the same answer again changes nothing.
      const again = await browser.json("POST", "/api/v1/sign-in/phone-call/answer", {});
      assert.equal(again.statusCode, 401);
    });

    test("a wrong key denies, and counts towards the lockout", async () => {
      const { browser, callId, person } = await called("en");
      const before = await readCounter(
        t.ctx.store.db,
        secondFactorCounterKey(person.user.id),
        t.clock.now(),
      );
      await provider.answer(callId, "1");
      const denied = await browser.json("POST", "/api/v1/sign-in/phone-call/answer", {});
      assert.deepEqual(
        [denied.json().state, denied.json().error],
        ["second_factor", "phone_call_denied"],
      );
      assert.equal(denied.json().phoneCall.status, "denied");
      const after = await readCounter(
        t.ctx.store.db,
        secondFactorCounterKey(person.user.id),
        t.clock.now(),
      );
      assert.equal(after, before + 1);
    });

    test("the fraud code 0# reports the sign-in: it ends, and the tenant's high-risk action blocks the user", async () => {
      const { browser, callId, person } = await called("it");
      const answer = await provider.answer(callId, "0#");
      assert.ok(answer);
      const after = await browser.json("POST", "/api/v1/sign-in/phone-call/answer", {});
      assert.equal(after.statusCode, 401);
      const user = await findUser(t.ctx, t.tenant, person.upn);
      assert.equal(user.blocked, true);
      const reported = (await listSignIns(t.ctx.store.db, t.tenant.id, 10)).find(
        (e) => e.user_id === person.user.id && e.reason === "fraud_reported",
      );
      assert.ok(reported, "the sign-in log records the report");
    });

    test("no answer, or hanging up, denies", async () => {
      const { browser, callId } = await called();
      await provider.letRing(callId, "no-answer");
      const denied = await browser.json("POST", "/api/v1/sign-in/phone-call/answer", {});
      assert.equal(denied.json().error, "phone_call_denied");
    });

    test("keys posted without the provider's signature, or with another's, change nothing", async () => {
      const { browser, callId } = await called();
      await provider.pickUp(callId);
      const { id } = await t.ctx.store.db
        .selectFrom("phone_messages")
        .select("id")
        .where("gateway_message_id", "=", callId)
        .executeTakeFirstOrThrow();
      const path = `/hooks/voice/calls/${id}/digits`;
      const form = { CallSid: callId, AccountSid: provider.accountSid, Digits: "#" };
      const url = `${server.listeningOrigin}${path}`;
      for (const signature of [undefined, signTwilioRequest("another token", url, form)]) {
        const forged = await server.inject({
          method: "POST",
          url: path,
          payload: new URLSearchParams(form).toString(),
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            ...(signature ? { "x-twilio-signature": signature } : {}),
          },
        });
        assert.equal(forged.statusCode, 403);
        const still = await browser.json("POST", "/api/v1/sign-in/phone-call/answer", {});
        assert.equal(still.json().error, "phone_call_waiting");
      }
      // The provider's own, signed: the call approves.
      await provider.answer(callId, "#");
      const done = await browser.json("POST", "/api/v1/sign-in/phone-call/answer", {});
      assert.equal(done.json().state, "signed_in");
    });
  });
}
