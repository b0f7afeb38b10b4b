import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { addCustomSecurityQuestion } from "../../src/methods/security-questions/add-custom-question.ts";
import { registeredSecurityQuestions } from "../../src/methods/security-questions/registered-questions.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { formHeaders } from "../support/page-sign-in.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { answersForm, enableSecurityQuestions, fiveAnswers, signedInUser } from "./support.ts";

// Security info's security questions: offered when the tenant turns them on,
// to users without an administrator role; the questions in the page's language and the tenant's
// own as typed; each rule's refusal in words, the questions chosen kept, the answers never shown
// again; change by registering a new set, remove after a page that asks.
for (const kind of databaseKinds) {
  describe(`Security info: security questions on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test("absent until the tenant turns them on; then offered in Italian and English", async () => {
      const { pages } = await signedInUser(t, server, "domande.spente@example.it");
      const off = await pages.get("/security-info?lang=en");
      assert.doesNotMatch(off.body, /security-questions-heading/);
      const refused = await pages.get("/security-info/security-questions?lang=en");
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /Your organisation does not use security questions\./);

      await enableSecurityQuestions(t);
      await addCustomSecurityQuestion(
        t.ctx,
        testActor,
        await findTenant(t.ctx),
        "Come si chiamava la tua maestra di pianoforte?",
      );
      const on = await pages.get("/security-info?lang=en");
      assert.match(on.body, /<h2 id="security-questions-heading">Security questions<\/h2>/);
      assert.match(on.body, /You have not set up security questions\./);
      assert.match(on.body, /href="\/security-info\/security-questions">Set up security questions/);

      const english = await pages.get("/security-info/security-questions?lang=en");
      assert.equal(english.statusCode, 200);
      assert.match(english.body, /Choose 5 different questions and answer each/);
      for (let n = 1; n <= 5; n++) {
        assert.match(english.body, new RegExp(`<select id="question${n}" name="question${n}"`));
        assert.match(
          english.body,
          new RegExp(`<input type="text" id="answer${n}" name="answer${n}" value=""`),
        );
      }
      assert.doesNotMatch(english.body, /<select id="question6"/);
      assert.match(
        english.body,
        /<option value="predefined:29">What was the name of your first pet\?<\/option>/,
      );
      assert.match(
        english.body,
        /<option value="custom:[^"]+">Come si chiamava la tua maestra di pianoforte\?<\/option>/,
      );
      const italian = await pages.get("/security-info/security-questions?lang=it");
      assert.match(italian.body, /Scegli 5 domande diverse e rispondi a ciascuna/);
      assert.match(
        italian.body,
        /<option value="predefined:29">Qual è il nome del primo animale domestico\?<\/option>/,
      );
      assert.match(
        italian.body,
        /Come si chiamava la tua maestra di pianoforte\?/,
        "as typed, untranslated",
      );
      assert.match(
        (await pages.get("/security-info?lang=it")).body,
        /<h2 id="security-questions-heading">Domande di sicurezza<\/h2>/,
      );
    });

    test("registered in Italian: only hashes kept, the date shown, the audit without answers", async () => {
      await enableSecurityQuestions(t);
      const { u, pages } = await signedInUser(t, server, "domande.registrate@example.it");
      await pages.get("/security-info?lang=it");
      const saved = await pages.post("/security-info/security-questions", answersForm(fiveAnswers));
      assert.deepEqual(
        [saved.statusCode, saved.headers.location],
        [303, "/security-info?notice=security_questions_registered"],
      );
      const page = await pages.get("/security-info?notice=security_questions_registered");
      assert.match(page.body, /Le tue domande di sicurezza sono state salvate\./);
      assert.match(page.body, /Registrate il 22 nov 2026, \d\d:\d\d\./);
      assert.match(page.body, /Cambia le domande di sicurezza/);
      for (const { answer } of fiveAnswers) assert.ok(!page.body.includes(answer));
      assert.deepEqual(
        [...(await registeredSecurityQuestions(t.ctx, u.user.id))].sort(),
        fiveAnswers.map((a) => a.questionKey).sort(),
      );
      const [entry] = (await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).filter(
        (a) => a.action === "Register security questions" && a.actor_id === u.user.id,
      );
      assert.ok(entry);
      const details = String(entry.details_json);
      assert.match(details, /"count":5/);
      for (const { questionKey, answer } of fiveAnswers) {
        assert.ok(!details.includes(answer), "no answer in the audit log");
        assert.ok(!details.includes(questionKey), "nor which question");
      }
    });

    test("each rule refused in words; the questions chosen kept, the answers never shown again", async () => {
      await enableSecurityQuestions(t);
      const { u, pages } = await signedInUser(t, server, "domande.rifiutate@example.it");
      const cases: [{ questionKey: string; answer: string }[], RegExp, RegExp][] = [
        [
          fiveAnswers.map((a, i) => (i === 1 ? { ...a, answer: "Qz" } : a)),
          /An answer needs at least 3 characters\./,
          /Una risposta deve avere almeno 3 caratteri\./,
        ],
        [
          fiveAnswers.map((a, i) =>
            i === 2 ? { ...a, answer: "Lorem ipsum dolor sit amet consectetur adipiscing" } : a,
          ),
          /An answer can have at most 40 characters\./,
          /Una risposta può avere al massimo 40 caratteri\./,
        ],
        [
          fiveAnswers.map((a, i) => (i === 3 ? { ...a, answer: "  PONTEDÈRA " } : a)),
          /This answer is given to another question too/,
          /Questa risposta è data anche a un&#39;altra domanda/,
        ],
        [
          fiveAnswers.map((a, i) => (i === 4 ? { ...a, questionKey: "predefined:12" } : a)),
          /This question is chosen twice/,
          /Questa domanda è scelta due volte/,
        ],
        [
          fiveAnswers.map((a, i) => (i === 0 ? { ...a, questionKey: "predefined:99" } : a)),
          /Choose a question from the list\./,
          /Scegli una domanda dall&#39;elenco\./,
        ],
      ];
      for (const [answers, english, italian] of cases) {
        for (const [lang, message] of [
          ["en", english],
          ["it", italian],
        ] as const) {
          await pages.get(`/security-info?lang=${lang}`);
          const refused = await pages.post(
            "/security-info/security-questions",
            answersForm(answers),
          );
          assert.equal(refused.statusCode, 400, String(message));
          assert.match(refused.body, message);
          assert.match(refused.body, /aria-invalid="true"/);
          // Every answer field comes back empty, and no answer is anywhere on the page (the
          // two-letter one aside: random tokens may hold any two letters).
          assert.equal((refused.body.match(/name="answer\d" value=""/g) ?? []).length, 5);
          assert.doesNotMatch(refused.body, /name="answer\d" value="[^"]/);
          for (const { answer } of answers.filter((a) => a.answer.trim().length > 3))
            assert.ok(!refused.body.includes(answer.trim()), `the answer ${answer} is not echoed`);
          // The questions chosen come back chosen.
          assert.match(
            refused.body,
            /<option value="predefined:35" selected>|<option value="predefined:12" selected>/,
          );
        }
      }
      const short = await pages.post(
        "/security-info/security-questions",
        answersForm(fiveAnswers.slice(0, 3)),
      );
      assert.equal(short.statusCode, 400);
      assert.deepEqual(
        await registeredSecurityQuestions(t.ctx, u.user.id),
        [],
        "nothing registered",
      );
    });

    test("three questions when the tenant asks three; Unicode answers; change, then remove after asking", async () => {
      await enableSecurityQuestions(t, {
        securityQuestionsToRegister: 3,
        securityQuestionsToAnswer: 3,
      });
      const { u, pages } = await signedInUser(t, server, "domande.cambiate@example.it");
      const form = await pages.get("/security-info/security-questions?lang=en");
      assert.match(form.body, /Choose 3 different questions/);
      assert.doesNotMatch(form.body, /id="question4"/);
      const first = [
        { questionKey: "predefined:2", answer: "東京都" },
        { questionKey: "predefined:3", answer: "Θεσσαλονίκη" },
        { questionKey: "predefined:4", answer: "Caffè" },
      ];
      const saved = await pages.post("/security-info/security-questions", answersForm(first));
      assert.equal(saved.headers.location, "/security-info?notice=security_questions_registered");
      const again = await pages.get("/security-info/security-questions?lang=en");
      assert.match(again.body, /These questions and answers replace the ones you set up before\./);
      const second = [
        { questionKey: "predefined:5", answer: "Livorno" },
        { questionKey: "predefined:6", answer: "Grosseto" },
        { questionKey: "predefined:7", answer: "Viareggio" },
      ];
      await pages.post("/security-info/security-questions", answersForm(second));
      assert.deepEqual([...(await registeredSecurityQuestions(t.ctx, u.user.id))].sort(), [
        "predefined:5",
        "predefined:6",
        "predefined:7",
      ]);

      const path = "/security-info/security-questions/remove";
      assert.match((await pages.get("/security-info?lang=en")).body, new RegExp(`href="${path}"`));
      const ask = await pages.get(path);
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /<h1>Remove your security questions\?<\/h1>/);
      assert.equal(
        (await registeredSecurityQuestions(t.ctx, u.user.id)).length,
        3,
        "asking removes nothing",
      );
      const removed = await pages.post(path);
      assert.equal(removed.headers.location, "/security-info?notice=security_questions_removed");
      assert.deepEqual(await registeredSecurityQuestions(t.ctx, u.user.id), []);
      assert.equal((await pages.get(path)).statusCode, 404);
      const actions = (await listAudit(t.ctx.store.db, t.tenant.id, 10_000))
        .filter((a) => a.actor_id === u.user.id && a.action.includes("security questions"))
        .map((a) => a.action)
        .reverse();
      assert.deepEqual(actions, [
        "Register security questions",
        "Register security questions",
        "Delete security questions",
      ]);
    });

    test("administrators: no section, the page and the form refused with security_questions_admin_denied", async () => {
      await enableSecurityQuestions(t, {
        securityQuestionsToRegister: 5,
        securityQuestionsToAnswer: 3,
      });
      const { u, pages } = await signedInUser(t, server, "domande.admin@example.it");
      await assignRole(t.ctx, testActor, u.user, "helpdeskAdministrator");
      const info = await pages.get("/security-info?lang=en");
      assert.equal(info.statusCode, 200);
      assert.doesNotMatch(info.body, /security-questions-heading/);
      const page = await pages.get("/security-info/security-questions?lang=en");
      assert.equal(page.statusCode, 403);
      assert.match(page.body, /Security questions are not available to administrators/);
      const post = await pages.post("/security-info/security-questions", answersForm(fiveAnswers));
      assert.equal(post.statusCode, 403);
      assert.match(post.body, /Security questions are not available to administrators/);
      assert.deepEqual(await registeredSecurityQuestions(t.ctx, u.user.id), []);
    });

    test("a form without its CSRF token changes nothing; an old second factor is proven again first", async () => {
      await enableSecurityQuestions(t, {
        securityQuestionsToRegister: 5,
        securityQuestionsToAnswer: 3,
      });
      const { u, pages } = await signedInUser(t, server, "domande.csrf@example.it");
      const forged = await pages.browser.request({
        method: "POST",
        url: "/security-info/security-questions",
        headers: formHeaders,
        payload: new URLSearchParams(answersForm(fiveAnswers)).toString(),
      });
      assert.equal(forged.statusCode, 403);
      assert.deepEqual(await registeredSecurityQuestions(t.ctx, u.user.id), []);
      // The session stays alive (seen within the hour), but its code is 65 minutes old.
      t.clock.advance(40 * 60_000);
      await pages.get("/security-info");
      t.clock.advance(25 * 60_000);
      const late = await pages.post("/security-info/security-questions", answersForm(fiveAnswers));
      assert.deepEqual(
        [late.statusCode, late.headers.location],
        [303, "/reauth?returnTo=%2Fsecurity-info%2Fsecurity-questions"],
      );
      assert.deepEqual(await registeredSecurityQuestions(t.ctx, u.user.id), []);
    });
  });
}
