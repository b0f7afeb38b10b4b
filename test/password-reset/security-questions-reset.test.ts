import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { assignRole } from "../../src/roles/assign-role.ts";
import {
  answersForm,
  enableSecurityQuestions,
  fiveAnswers,
  signedInUser,
} from "../security-questions/support.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { setPolicy, startReset } from "./support.ts";

const newPassword = "il vento di libeccio sulla darsena";

/** The questions a reset page asks: their keys, in order. */
const askedOn = (body: string) =>
  [...body.matchAll(/name="question\d" value="([^"]+)"/g)].map((m) => m[1] as string);

// Security questions reset a password (never sign in), with a second method when two are
// required, and never for an administrator.
for (const kind of databaseKinds) {
  describe(`a password reset with security questions on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      await enableSecurityQuestions(t);
      await setPolicy(t, {
        passwordResetEnabledFor: "all",
        passwordResetMethodsRequired: 2,
        passwordResetMethods: ["authenticatorApp", "securityQuestions"],
      });
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test("three of the five registered questions, answered in any case and accent, then the app's code", async () => {
      const { u, pages } = await signedInUser(t, server, `domande.${kind}@scuola.example`);
      const registered = await pages.post(
        "/security-info/security-questions",
        answersForm(fiveAnswers),
      );
      assert.equal(registered.statusCode, 303, registered.body);
      const reset = await startReset(server, u.upn, "it");
      const page = await reset.get("/password-reset/verify?method=securityQuestions");
      const asked = askedOn(page.body);
      assert.equal(asked.length, 3);
      const keys = fiveAnswers.map((a) => a.questionKey);
      assert.ok(
        asked.every((key) => keys.includes(key)),
        "asked from the user's own",
      );
      assert.deepEqual(
        askedOn((await reset.get("/password-reset/verify?method=securityQuestions")).body),
        asked,
        "a reload asks the same",
      );
      const answerOf = (key: string) =>
        fiveAnswers.find((a) => a.questionKey === key)?.answer ?? "";
      const fields = (answer: (key: string) => string) =>
        Object.fromEntries(
          asked.flatMap((key, i) => [
            [`question${i}`, key],
            [`answer${i}`, answer(key)],
          ]),
        );
      const wrong = await reset.post(
        "/password-reset/answers",
        fields((key) => (key === asked[2] ? "sbagliata" : answerOf(key))),
      );
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Non è stato possibile verificarti/);
      const shouted = (key: string) => `  ${answerOf(key).toUpperCase().replace("A", "À")} `;
      const right = await reset.post("/password-reset/answers", fields(shouted));
      assert.equal(right.headers.location, "/password-reset/verify");
      const next = await reset.get("/password-reset/verify");
      assert.match(next.body, /Passaggio di verifica 2 di 2/);
      assert.doesNotMatch(next.body, /method=securityQuestions/);
      t.clock.advance(30_000);
      await reset.post("/password-reset/verify", {
        method: "authenticatorApp",
        code: await oathtoolTotp(u.secret, { timeMs: t.clock.now() }),
      });
      const done = await reset.post("/password-reset/new-password", {
        newPassword,
        repeatedPassword: newPassword,
      });
      assert.equal(done.statusCode, 303);
    });

    test("a user name with no questions is asked a set of its own, the same set every time, and no answer works", async () => {
      const name = `nessuno.${kind}@scuola.example`;
      const seen = new Set<string>();
      for (let i = 0; i < 4; i++) {
        const reset = await startReset(server, name);
        const asked = askedOn(
          (await reset.get("/password-reset/verify?method=securityQuestions")).body,
        );
        assert.equal(asked.length, 3);
        for (const key of asked) seen.add(key);
        const refused = await reset.post(
          "/password-reset/answers",
          Object.fromEntries(
            asked.flatMap((key, i) => [
              [`question${i}`, key],
              [`answer${i}`, "Pisa"],
            ]),
          ),
        );
        assert.equal(refused.statusCode, 400);
      }
      assert.ok(seen.size <= 5, `drawn from a set of five, as a registration's: ${seen.size}`);
    });

    test("an administrator is never offered security questions", async () => {
      const { u } = await signedInUser(t, server, `preside.${kind}@scuola.example`);
      await assignRole(t.ctx, testActor, u.user, "helpdeskAdministrator");
      const reset = await startReset(server, u.upn);
      const page = await reset.get("/password-reset/verify");
      assert.doesNotMatch(page.body, /method=securityQuestions/);
      const refused = await reset.post("/password-reset/answers", {
        question0: "predefined:1",
        answer0: "Pontedera",
      });
      assert.doesNotMatch(refused.body, /could not verify/);
      assert.equal(refused.statusCode, 200, "the page again, without the method");
    });
  });
}
