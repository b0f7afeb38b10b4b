import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Context } from "../../src/context.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { sendEmailCode } from "../../src/methods/email/send-email-code.ts";
import { verifyEmailCode } from "../../src/methods/email/verify-email-code.ts";
import {
  codeMailedTo,
  type EmailTestApp,
  openEmailTestApp,
  otherCode,
} from "../email-method/support.ts";
import { databaseKinds } from "../support/databases.ts";
import { testActor } from "../support/test-app.ts";

// Single use and counting first, for e-mailed codes: a right code is accepted once, even
// when it arrives twice at once on two instances; tries are counted before the comparison, so
// parallel wrong guesses cannot exceed five.
for (const kind of databaseKinds) {
  describe(`an e-mailed code on ${kind}`, () => {
    let app: EmailTestApp;
    let sibling: Context;
    before(async () => {
      app = await openEmailTestApp(kind);
      sibling = (await app.t.openSibling()).ctx;
    });
    after(() => app.close());
    let n = 0;
    const sent = async () => {
      const user = await createUser(app.ctx, testActor, app.t.tenant, {
        upn: `gara.${++n}@scuola.example.it`,
      });
      const address = `gara${n}@posta.example.org`;
      const boundTo = `reset-race-${n}`;
      await sendEmailCode(app.ctx, app.t.tenant, user, {
        purpose: "passwordReset",
        boundTo,
        address,
        language: "en",
      });
      return { boundTo, code: codeMailedTo(app.received, address) };
    };

    test("two right submissions at once, on two instances: exactly one is accepted", async () => {
      for (let round = 0; round < 5; round++) {
        const { boundTo, code } = await sent();
        const answers = await Promise.all(
          [app.ctx, sibling, app.ctx, sibling].map((ctx) =>
            verifyEmailCode(ctx, { purpose: "passwordReset", boundTo, code }),
          ),
        );
        assert.equal(answers.filter(Boolean).length, 1, JSON.stringify(answers));
      }
    });

    test("a used code replayed later is refused", async () => {
      const { boundTo, code } = await sent();
      assert.equal(
        await verifyEmailCode(app.ctx, { purpose: "passwordReset", boundTo, code }),
        true,
      );
      app.t.clock.advance(1_000);
      assert.equal(
        await verifyEmailCode(sibling, { purpose: "passwordReset", boundTo, code }),
        false,
      );
    });

    test("twenty wrong guesses at once use up the code: the right one after them is refused", async () => {
      const { boundTo, code } = await sent();
      const guesses = Array.from({ length: 20 }, (_, i) =>
        verifyEmailCode(i % 2 ? sibling : app.ctx, {
          purpose: "passwordReset",
          boundTo,
          code: otherCode(String((Number(code) + i) % 1_000_000).padStart(6, "0")),
        }),
      );
      assert.deepEqual((await Promise.all(guesses)).filter(Boolean), [], "no guess is accepted");
      const row = await app.ctx.store.db
        .selectFrom("email_codes")
        .select("attempts")
        .where("bound_to", "=", boundTo)
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.attempts), 5, "no more than five tries were counted and compared");
      assert.equal(
        await verifyEmailCode(app.ctx, { purpose: "passwordReset", boundTo, code }),
        false,
      );
    });
  });
}
