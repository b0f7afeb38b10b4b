import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createUser } from "../../src/directory/create-user.ts";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { updatePhoneSettings } from "../../src/phone-settings/update-phone-settings.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { enablePhoneMethods } from "../support/phone-tenant.ts";
import { codeOf } from "../support/sms-code-of.ts";
import { startTestSmsc, type TestSmsc } from "../support/smsc.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { type ValidateClient, validateClient } from "../support/validate-client.ts";

for (const kind of ["sqlite", "postgres"] as const) {
  describe(`the validate API's challenge mode on ${kind}`, () => {
    let t: TestApp;
    let client: ValidateClient;
    let smsc: TestSmsc;
    before(async () => {
      t = await openTestApp(kind);
      client = await validateClient(t);
      smsc = await startTestSmsc();
      await updatePhoneSettings(t.ctx, testActor, t.tenant.id, {
        smsPrimary: {
          kind: "smpp",
          host: "127.0.0.1",
          port: smsc.port,
          tls: false,
          systemId: "varco",
          password: "secret1",
          sourceAddress: "Varco",
        },
      });
      await enablePhoneMethods(t, ["Sms"]);
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "vpn@example.it" });
      await addPhoneMethod(t.ctx, testActor, user, {
        phoneType: "mobile",
        phoneNumber: "+39 3471234567",
      });
      await createUser(t.ctx, testActor, t.tenant, { upn: "nophone@example.it" });
    });
    after(async () => {
      await client.server.close();
      await t.close();
      await smsc.close();
    });

    test("a call without a code sends one by SMS; the code with its transaction id is accepted once", async () => {
      const first = await client.validate({ upn: "vpn@example.it" });
      assert.equal(first.status, 200);
      assert.equal(first.body.result, "challenge");
      const transactionId = first.body.transactionId as string;
      const code = codeOf((await smsc.nextMessage("+393471234567")).text);
      const wrong = await client.validate({ upn: "vpn@example.it", code: "000000", transactionId });
      assert.equal(wrong.body.result, "reject");
      const right = await client.validate({ upn: "vpn@example.it", code, transactionId });
      assert.equal(right.body.result, "accept");
      const replay = await client.validate({ upn: "vpn@example.it", code, transactionId });
      assert.equal(replay.body.result, "reject");
      // Not a code of the user's apps: without the transaction id it is an ordinary wrong code.
      const without = await client.validate({ upn: "vpn@example.it", code });
      assert.equal(without.body.result, "reject");
    });

    test("the same code fifty times at once is accepted once", async () => {
      t.clock.advance(60_000);
      const { transactionId } = (await client.validate({ upn: "vpn@example.it" })).body as {
        transactionId: string;
      };
      const code = codeOf((await smsc.nextMessage("+393471234567")).text);
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          client.validate({ upn: "vpn@example.it", code, transactionId }),
        ),
      );
      assert.equal(answers.filter((a) => a.body.result === "accept").length, 1);
    });

    test("unknown users and users without a mobile get the same answer, and nothing is sent", async () => {
      const sent = smsc.messages.length;
      for (const upn of ["nobody@example.it", "nophone@example.it"]) {
        const answer = await client.validate({ upn });
        assert.equal(answer.status, 200);
        assert.deepEqual(Object.keys(answer.body).sort(), ["result", "transactionId"]);
        assert.equal(answer.body.result, "challenge");
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(smsc.messages.length, sent);
      const reasons = (await listSignIns(t.ctx.store.db, t.tenant.id, 2)).map((e) => e.reason);
      assert.deepEqual(reasons.sort(), ["no_method", "user_not_found"]);
    });

    test("a transaction id of another user, or made up, is rejected", async () => {
      t.clock.advance(60_000);
      const { transactionId } = (await client.validate({ upn: "vpn@example.it" })).body as {
        transactionId: string;
      };
      const code = codeOf((await smsc.nextMessage("+393471234567")).text);
      const other = await client.validate({ upn: "nophone@example.it", code, transactionId });
      assert.equal(other.body.result, "reject");
      const madeUp = await client.validate({
        upn: "vpn@example.it",
        code,
        transactionId: "00000000-0000-4000-8000-000000000000",
      });
      assert.equal(madeUp.body.result, "reject");
      assert.equal(
        (await client.validate({ upn: "vpn@example.it", code, transactionId })).body.result,
        "accept",
      );
    });
  });
}
