import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { deleteUser } from "../../src/directory/delete-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { addCustomSecurityQuestion } from "../../src/methods/security-questions/add-custom-question.ts";
import { checkSecurityAnswers } from "../../src/methods/security-questions/check-answers.ts";
import { customSecurityQuestions } from "../../src/methods/security-questions/custom-questions.ts";
import { deleteCustomSecurityQuestion } from "../../src/methods/security-questions/delete-custom-question.ts";
import { registeredSecurityQuestions } from "../../src/methods/security-questions/registered-questions.ts";
import { findUserById } from "../../src/store/queries/users.ts";
import { databaseKinds } from "../support/databases.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { answersForm, enableSecurityQuestions, fiveAnswers, signedInUser } from "./support.ts";

// What the password reset asks of security questions: every answer given must match
// the registered one, compared as stored (case, accents and spaces aside); a question the user
// never answered is simply wrong.
for (const kind of databaseKinds) {
  describe(`checking security answers on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      await enableSecurityQuestions(t);
    });
    after(async () => {
      await server.close();
      await t.close();
    });
    const registered = async (upn: string, answers = fiveAnswers) => {
      const { u, pages } = await signedInUser(t, server, upn);
      const saved = await pages.post("/security-info/security-questions", answersForm(answers));
      assert.equal(saved.statusCode, 303);
      return u.user.id;
    };
    const [a, b, c, d] = fiveAnswers as [
      (typeof fiveAnswers)[0],
      (typeof fiveAnswers)[0],
      (typeof fiveAnswers)[0],
      (typeof fiveAnswers)[0],
    ];

    test("right answers pass, typed in another case, with or without accents and spaces", async () => {
      const userId = await registered("risposte.giuste@example.it");
      assert.equal(await checkSecurityAnswers(t.ctx, userId, [a, b, c]), true);
      assert.equal(
        await checkSecurityAnswers(t.ctx, userId, [
          { questionKey: a.questionKey, answer: "  PONTÈDERA " },
          { questionKey: b.questionKey, answer: "cacciucco   alla LIVORNESE" },
          { questionKey: d.questionKey, answer: "topolino" },
        ]),
        true,
      );
    });

    test("one wrong answer, all wrong, an unregistered question, a question twice, none: false", async () => {
      const userId = await registered("risposte.sbagliate@example.it");
      const check = (answers: { questionKey: string; answer: string }[]) =>
        checkSecurityAnswers(t.ctx, userId, answers);
      assert.equal(await check([a, b, { ...c, answer: "Ospedale Cisanello" }]), false);
      assert.equal(await check([a, b, c].map((x) => ({ ...x, answer: "non lo so" }))), false);
      assert.equal(
        await check([a, b, { questionKey: "predefined:2", answer: "Pisa" }]),
        false,
        "predefined:2 is not one of the user's",
      );
      assert.equal(await check([a, b, { questionKey: "custom:nope", answer: "Pisa" }]), false);
      assert.equal(await check([a, a, b]), false, "the same question twice");
      assert.equal(await check([a, b, { ...c, answer: "x".repeat(5000) }]), false);
      assert.equal(await check([]), false);
    });

    test("another user's answers, or a user with none, do not pass", async () => {
      const mine = await registered("risposte.mie@example.it");
      const other = await registered("risposte.altrui@example.it", [
        { questionKey: "predefined:1", answer: "Lucca" },
        ...fiveAnswers.slice(1).map((x) => ({ ...x, answer: `${x.answer} bis` })),
      ]);
      assert.equal(await checkSecurityAnswers(t.ctx, other, [a, b, c]), false);
      assert.equal(await checkSecurityAnswers(t.ctx, mine, [a, b, c]), true);
      const { u } = await signedInUser(t, server, "risposte.nessuna@example.it");
      assert.equal(await checkSecurityAnswers(t.ctx, u.user.id, [a, b, c]), false);
    });

    test("deleting the user deletes the answers", async () => {
      const userId = await registered("risposte.cancellate@example.it");
      const user = await findUserById(t.ctx.store.db, userId);
      assert.ok(user);
      await deleteUser(t.ctx, testActor, user);
      const left = await t.ctx.store.db
        .selectFrom("security_question_answers")
        .select("question_key")
        .where("user_id", "=", userId)
        .execute();
      assert.deepEqual(left, []);
    });

    test("deleting a custom question removes the whole set of those who answered it", async () => {
      const tenant = await findTenant(t.ctx);
      const question = await addCustomSecurityQuestion(
        t.ctx,
        testActor,
        tenant,
        "Come si chiamava il tuo primo gatto?",
      );
      const custom = await customSecurityQuestions(t.ctx, tenant.id);
      assert.ok(custom.some((q) => q.key === question.key));
      const withCustom = await registered("risposte.personalizzate@example.it", [
        { questionKey: question.key, answer: "Micione" },
        ...fiveAnswers.slice(1),
      ]);
      const without = await registered("risposte.predefinite@example.it");
      assert.equal(
        await checkSecurityAnswers(t.ctx, withCustom, [
          { questionKey: question.key, answer: "micione" },
          b,
          c,
        ]),
        true,
      );
      await deleteCustomSecurityQuestion(t.ctx, testActor, tenant, question.id);
      assert.deepEqual(await registeredSecurityQuestions(t.ctx, withCustom), []);
      assert.equal((await registeredSecurityQuestions(t.ctx, without)).length, 5);
    });
  });
}
