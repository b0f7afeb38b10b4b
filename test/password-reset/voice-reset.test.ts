import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance } from "fastify";
import { checkLocalPassword } from "../../src/directory/local-password.ts";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import {
  startVoiceProviderDouble,
  type VoiceProviderDouble,
} from "../support/voice-provider-double.ts";
import { startVoiceTestServer } from "../support/voice-test-server.ts";
import { setPolicy, stable, startReset } from "./support.ts";

const newPassword = "il traghetto parte da Piombino";

type Reset = Awaited<ReturnType<typeof startReset>>;

// "Call my phone" as one of two reset methods, against a
// double of the telephony provider that calls the server's callbacks back, signed.
for (const kind of databaseKinds) {
  describe(`password reset with a phone call on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let provider: VoiceProviderDouble;
    let n = 0;
    before(async () => {
      t = await openTestApp(kind);
      provider = await startVoiceProviderDouble();
      server = await startVoiceTestServer(t, provider);
      await setPolicy(t, {
        passwordResetEnabledFor: "all",
        passwordResetMethodsRequired: 2,
        passwordResetMethods: ["voice", "authenticatorApp"],
      });
    });
    after(async () => {
      await server.close();
      await t.close();
      await provider.close();
    });

    /** A user with an app and an office phone. */
    const person = async () => {
      n += 1;
      const u = await createSignInUser(t, `call${n}.${kind}@scuola.example`);
      const number = `+39 02123456${String(n).padStart(2, "0")}`;
      await addPhoneMethod(t.ctx, testActor, u.user, { phoneType: "office", phoneNumber: number });
      return { ...u, number, e164: number.replace(" ", "") };
    };
    const passwordIs = async (upn: string, password: string) =>
      (await checkLocalPassword(t.ctx, t.tenant, upn, password)).kind === "right";
    const callMe = (reset: Reset, destination: string) =>
      reset.post("/password-reset/send", { method: "voice", destination });
    const answered = (reset: Reset) => reset.post("/password-reset/call/answered");
    /** The call to `e164` the provider was asked to place (the reset asks after its answer). */
    const callTo = async (e164: string, already: number) => {
      for (let i = 0; i < 500; i++) {
        const calls = provider.calls.filter((c) => c.to === e164);
        const call = calls[already];
        if (call) return call;
        await sleep(10);
      }
      throw new Error(`no call to ${e164}`);
    };
    const callsTo = (e164: string) => provider.calls.filter((c) => c.to === e164).length;

    test("the call answered with #, then the app's code: a new password", async () => {
      const u = await person();
      const reset = await startReset(server, u.upn, "it");
      const verify = await reset.get("/password-reset/verify");
      assert.match(verify.body, /Passaggio di verifica 1 di 2/);
      assert.match(verify.body, /method=voice/);
      const form = await reset.get("/password-reset/verify?method=voice");
      assert.match(form.body, /Il numero di telefono da chiamare/);
      const asked = await callMe(reset, u.number);
      assert.equal(asked.headers.location, "/password-reset/verify?method=voice");
      const waiting = await reset.get("/password-reset/verify?method=voice");
      assert.match(waiting.body, /Ho risposto e premuto #/);
      const call = await callTo(u.e164, 0);
      assert.equal(call.from, "+390212345678");
      // Pressed too early: the call has no answer yet, and the attempt is spent.
      const early = await answered(reset);
      assert.equal(early.statusCode, 400);
      await provider.answer(call.callId, "#");
      const said = provider.call(call.callId).said;
      assert.equal(said[0]?.verb === "Say" && said[0].language, "it-IT");
      const proven = await answered(reset);
      assert.equal(proven.headers.location, "/password-reset/verify");
      const second = await reset.get("/password-reset/verify");
      assert.match(second.body, /Passaggio di verifica 2 di 2/);
      assert.doesNotMatch(second.body, /method=voice/, "a method proven is not offered again");
      const row = await t.ctx.store.db
        .selectFrom("phone_messages")
        .select(["status", "purpose"])
        .where("gateway_message_id", "=", call.callId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.status, row.purpose],
        ["used", "passwordReset"],
        "the approval is spent",
      );
      t.clock.advance(30_000);
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      await reset.post("/password-reset/verify", { method: "authenticatorApp", code });
      const done = await reset.post("/password-reset/new-password", {
        newPassword,
        repeatedPassword: newPassword,
      });
      assert.equal(done.statusCode, 303);
      assert.ok(await passwordIs(u.upn, newPassword));
      const audit = await t.ctx.store.db
        .selectFrom("audit_log")
        .select("details_json")
        .where("action", "=", "Reset password (self-service)")
        .where("target_id", "=", u.user.id)
        .executeTakeFirstOrThrow();
      assert.match(String(audit.details_json), /"methods":\["voice","authenticatorApp"\]/);
    });

    test("a number that is not the user's is never called, and proves nothing", async () => {
      const u = await person();
      const reset = await startReset(server, u.upn);
      const stranger = "+39 0298765432";
      const asked = await callMe(reset, stranger);
      assert.equal(asked.headers.location, "/password-reset/verify?method=voice");
      assert.match((await reset.get("/password-reset/verify?method=voice")).body, /pressed #/);
      assert.equal((await answered(reset)).statusCode, 400);
      // The user's own number, after: this one is called, and it is the only call placed.
      await callMe(reset, u.number);
      await callTo(u.e164, 0);
      assert.equal(callsTo(stranger.replace(" ", "")), 0);
      assert.ok(await passwordIs(u.upn, testPassword));
    });

    test("a call denied, left silent or not answered proves nothing", async () => {
      const u = await person();
      for (const [i, answer] of (["1", null, "no-answer"] as const).entries()) {
        const reset = await startReset(server, u.upn);
        await callMe(reset, u.number);
        const call = await callTo(u.e164, i);
        if (answer === "no-answer") await provider.letRing(call.callId, "no-answer");
        else await provider.answer(call.callId, answer);
        const refused = await answered(reset);
        assert.equal(refused.statusCode, 400, String(answer));
        assert.match(refused.body, /We could not verify you with that/);
        assert.match((await reset.get("/password-reset/verify")).body, /Verification step 1 of 2/);
      }
    });

    test("an approval is worth one proof: another reset of the user cannot use it", async () => {
      const u = await person();
      const first = await startReset(server, u.upn);
      await callMe(first, u.number);
      const call = await callTo(u.e164, 0);
      await provider.answer(call.callId, "#");
      // A second reset, whose own call was never answered, gets nothing from the first one's.
      const second = await startReset(server, u.upn);
      await callMe(second, "+39 0298765400");
      assert.equal((await answered(second)).statusCode, 400);
      assert.equal((await answered(first)).statusCode, 303);
      assert.match((await first.get("/password-reset/verify")).body, /Verification step 2 of 2/);
    });

    test("an unknown name: the same pages and answers, and no call", async () => {
      const u = await person();
      const walk = async (upn: string, destination: string) => {
        const reset = await startReset(server, upn);
        const pages = [
          stable((await reset.get("/password-reset/verify")).body),
          stable((await reset.get("/password-reset/verify?method=voice")).body),
        ];
        const asked = await callMe(reset, destination);
        pages.push(String(asked.statusCode), String(asked.headers.location));
        pages.push(stable((await reset.get("/password-reset/verify?method=voice")).body));
        const refused = await answered(reset);
        pages.push(String(refused.statusCode), stable(refused.body));
        return pages;
      };
      const before = provider.calls.length;
      // The user's reset, with a number that is not theirs: nothing is called either.
      const known = await walk(u.upn, "+39 0298765411");
      assert.deepEqual(await walk(`nobody${n}.${kind}@scuola.example`, u.number), known);
      assert.equal(provider.calls.length, before, "no call for a name that names nobody");
    });
  });
}
