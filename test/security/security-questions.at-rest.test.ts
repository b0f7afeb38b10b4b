import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { predefinedSecurityQuestions } from "../../src/methods/security-questions/catalogue.ts";
import { checkSecurityAnswers } from "../../src/methods/security-questions/check-answers.ts";
import { normaliseSecurityAnswer } from "../../src/methods/security-questions/normalise-answer.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { adminClient } from "../admin/admin-client.ts";
import {
  answersForm,
  enableSecurityQuestions,
  signedInUser,
} from "../security-questions/support.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const run = promisify(execFile);

// Answers that a search of the database would find, were they kept in any form but a hash.
const answers = [
  { questionKey: "predefined:3", answer: "Castiglioncello Marittimo" },
  { questionKey: "predefined:11", answer: "Ermenegildo" },
  { questionKey: "predefined:18", answer: "Gualtiero Zanobini" },
  { questionKey: "predefined:23", answer: "Autobianchi Bianchina" },
  { questionKey: "predefined:33", answer: "Quattrocentoventuno" },
];

// Secrets at rest, and no administrator reads or changes a user's questions or answers: a
// security answer is stored only as an argon2id hash bound
// to the user and the question; no dump, admin API answer, admin page or audit entry holds an
// answer, nor tells which questions the user chose.
for (const kind of databaseKinds) {
  describe(`security answers at rest on ${kind}`, () => {
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

    test("the database holds argon2id hashes only: no answer, as typed or normalised", async () => {
      const { u, pages } = await signedInUser(t, server, "a.riposo@example.it");
      const saved = await pages.post("/security-info/security-questions", answersForm(answers));
      assert.equal(saved.statusCode, 303);
      const rows = await t.ctx.store.db
        .selectFrom("security_question_answers")
        .selectAll()
        .where("user_id", "=", u.user.id)
        .execute();
      assert.equal(rows.length, 5);
      for (const row of rows) assert.match(row.answer_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

      const dump = await dumpDatabase(t);
      assert.ok(dump.includes(Buffer.from("a.riposo@example.it")), "the dump is readable");
      for (const { answer } of answers) {
        for (const form of [answer, normaliseSecurityAnswer(answer), answer.toUpperCase()])
          assert.equal(dump.includes(Buffer.from(form)), false, form);
      }
    });

    test("a hash moved to another user, or to another question, matches nothing", async () => {
      const victim = await signedInUser(t, server, "vittima.hash@example.it");
      await victim.pages.post("/security-info/security-questions", answersForm(answers));
      const thief = await signedInUser(t, server, "ladro.hash@example.it");
      const theirs = answers.map((a) => ({ ...a, answer: `${a.answer} del ladro` }));
      await thief.pages.post("/security-info/security-questions", answersForm(theirs));
      const db = t.ctx.store.db;
      const stolen = await db
        .selectFrom("security_question_answers")
        .select(["question_key", "answer_hash"])
        .where("user_id", "=", victim.u.user.id)
        .execute();
      // The thief (with write access to the database) copies the victim's hashes onto their rows.
      for (const row of stolen)
        await db
          .updateTable("security_question_answers")
          .set({ answer_hash: row.answer_hash })
          .where("user_id", "=", thief.u.user.id)
          .where("question_key", "=", row.question_key)
          .execute();
      assert.equal(
        await checkSecurityAnswers(t.ctx, thief.u.user.id, answers.slice(0, 3)),
        false,
        "the victim's answers do not open the thief's account",
      );
      // Swapping two of the victim's hashes between questions breaks both.
      const [first, second] = stolen;
      assert.ok(first && second);
      for (const [key, hash] of [
        [first.question_key, second.answer_hash],
        [second.question_key, first.answer_hash],
      ] as const)
        await db
          .updateTable("security_question_answers")
          .set({ answer_hash: hash })
          .where("user_id", "=", victim.u.user.id)
          .where("question_key", "=", key)
          .execute();
      const swapped = answers.filter((a) =>
        [first.question_key, second.question_key].includes(a.questionKey),
      );
      for (const answer of swapped)
        assert.equal(await checkSecurityAnswers(t.ctx, victim.u.user.id, [answer]), false);
    });

    test("no admin API answer, admin page or audit entry holds an answer or the questions chosen", async () => {
      const { u, pages } = await signedInUser(t, server, "riservata@example.it");
      await pages.post("/security-info/security-questions", answersForm(answers));
      const chosenTexts = answers.flatMap(({ questionKey }) => {
        const q = predefinedSecurityQuestions.find((p) => p.key === questionKey);
        return q ? [q.it, q.en] : [];
      });
      const secrets = [
        ...answers.map((a) => a.answer),
        ...answers.map((a) => normaliseSecurityAnswer(a.answer)),
        ...answers.map((a) => a.questionKey),
        ...chosenTexts,
      ];
      const seen: string[] = [];
      const api = await adminClient(t, server, ["globalAdministrator"]);
      for (const path of [
        `/api/v1/users/${u.user.id}`,
        `/api/v1/users/${u.user.id}/authentication/methods`,
        `/api/v1/users/${u.user.id}/authentication/securityQuestionsMethods`,
        "/api/v1/auditLogs/directoryAudits",
        "/api/v1/policies/authenticationMethodsPolicy",
      ]) {
        const response = await api.call("GET", path);
        assert.equal(response.status, 200, path);
        seen.push(response.body);
      }
      const adminUser = await createSignInUser(t, "amministratrice.curiosa@example.it");
      await assignRole(t.ctx, testActor, adminUser.user, "globalAdministrator");
      const admin = await signInToPages(t, server, adminUser);
      for (const lang of ["en", "it"]) {
        for (const path of [
          `/admin/users/${u.user.id}`,
          "/admin/audit",
          `/admin/users/${u.user.id}/security-questions/remove`,
        ]) {
          const page = await admin.get(`${path}?lang=${lang}`);
          assert.equal(page.statusCode, 200, path);
          seen.push(page.body);
        }
      }
      assert.match(seen.join("\n"), /Register security questions|Security questions registered/);
      const all = seen.join("\n");
      for (const secret of secrets) assert.equal(all.includes(secret), false, secret);
      // HTML escapes an apostrophe: look for the escaped question texts too.
      for (const text of chosenTexts)
        assert.equal(all.includes(text.replaceAll("'", "&#39;")), false, text);
    });
  });
}

async function dumpDatabase(t: TestApp): Promise<Buffer> {
  if (t.database.kind === "postgres") {
    const { stdout } = await run("pg_dump", ["--data-only", t.database.url], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return Buffer.from(stdout);
  }
  // The database file and its write-ahead log: both are what a stolen disk or backup holds.
  const file = t.database.url.slice("sqlite:".length);
  const dir = join(file, "..");
  return Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name))));
}
