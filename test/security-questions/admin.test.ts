import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { findTenantById } from "../../src/store/queries/tenants.ts";
import { adminClient } from "../admin/admin-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { formHeaders, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { answersForm, enableSecurityQuestions, fiveAnswers, signedInUser } from "./support.ts";

const codeOf = (response: { json: () => Record<string, unknown> }) =>
  (response.json().error as { code: string }).code;
const customPath = "/api/v1/policies/securityQuestions/customQuestions";
const policyPath = "/api/v1/policies/authenticationMethodsPolicy";

// What administrators do with security questions: turn them on and set the numbers
// in the policy (API, page, CLI), keep the tenant's own questions (at most 20, up to 200
// characters, shown as typed), see THAT a user registered them and remove them as a whole;
// never which questions, never an answer.
for (const kind of databaseKinds) {
  describe(`security questions for administrators on ${kind}`, () => {
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
    const adminPages = async (upn: string, role: Role) => {
      const u = await createSignInUser(t, upn);
      await assignRole(t.ctx, testActor, u.user, role);
      return signInToPages(t, server, u);
    };

    test("the policy: off, 5 and 3 by default; 3 to 5, never more to answer than to register", async () => {
      const admin = await adminClient(t, server, ["authenticationPolicyAdministrator"]);
      const read = (await admin.call("GET", policyPath)).json();
      assert.equal(read.securityQuestionsEnabled, false);
      assert.equal(read.securityQuestionsToRegister, 5);
      assert.equal(read.securityQuestionsToAnswer, 3);
      const changed = await admin.call("PATCH", policyPath, {
        securityQuestionsEnabled: true,
        securityQuestionsToRegister: 4,
        securityQuestionsToAnswer: 4,
      });
      assert.equal(changed.status, 200);
      assert.equal(changed.json().securityQuestionsToRegister, 4);
      for (const [body, words] of [
        [{ securityQuestionsToAnswer: 5 }, /securityQuestionsToAnswer must not be more than/],
        [
          { securityQuestionsToRegister: 6 },
          /securityQuestionsToRegister must be an integer from 3 to 5/,
        ],
        [
          { securityQuestionsToAnswer: 2 },
          /securityQuestionsToAnswer must be an integer from 3 to 5/,
        ],
        [{ securityQuestionsEnabled: "yes" }, /securityQuestionsEnabled must be true or false/],
      ] as const) {
        const refused = await admin.call("PATCH", policyPath, body);
        assert.equal(refused.status, 400, JSON.stringify(body));
        assert.equal(codeOf(refused), "invalid_policy");
        assert.match(refused.body, words);
      }
      const tenant = await findTenantById(t.ctx.store.db, t.tenant.id);
      assert.equal(tenant?.policy.securityQuestionsToAnswer, 4, "unchanged by the refusals");
      await admin.call("PATCH", policyPath, {
        securityQuestionsToRegister: 5,
        securityQuestionsToAnswer: 3,
      });
    });

    test("the policy page sets them, in words in both languages", async () => {
      const pages = await adminPages("politica.domande@example.it", "globalAdministrator");
      const page = await pages.get("/admin/policy?lang=en");
      assert.match(page.body, /<legend>Security questions \(password reset only\)<\/legend>/);
      assert.match(page.body, /name="securityQuestionsToRegister" value="5" min="3" max="5"/);
      assert.match(page.body, /name="securityQuestionsToAnswer" value="3" min="3" max="5"/);
      assert.match(page.body, /href="\/admin\/policy\/security-questions"/);
      assert.match(
        (await pages.get("/admin/policy?lang=it")).body,
        /Domande di sicurezza \(solo reimpostazione della password\)/,
      );
      const values = Object.fromEntries(
        [
          ...page.body.matchAll(/type="(?:number|text)" id="\w+" name="(\w+)" value="([^"]*)"/g),
        ].map((m) => [m[1], m[2]]),
      );
      const textareas = Object.fromEntries(
        [...page.body.matchAll(/name="([A-Za-z]+)"[^>]*>([^<]*)<\/textarea>/g)].map((m) => [
          m[1],
          m[2],
        ]),
      );
      const selects = {
        mfaRequiredFor: "all",
        highRiskAction: "block",
        mfaGroupId: "",
      };
      const form = { ...values, ...textareas, ...selects, reportSuspiciousActivity: "on" };
      const refused = await pages.post("/admin/policy", {
        ...form,
        securityQuestionsToRegister: "3",
        securityQuestionsToAnswer: "4",
        securityQuestionsEnabled: "on",
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /securityQuestionsToAnswer must not be more than/);
      const saved = await pages.post("/admin/policy", {
        ...form,
        securityQuestionsToRegister: "4",
        securityQuestionsToAnswer: "3",
        securityQuestionsEnabled: "on",
      });
      assert.equal(saved.headers.location, "/admin/policy?notice=policy_saved");
      const policy = (await findTenantById(t.ctx.store.db, t.tenant.id))?.policy;
      assert.deepEqual(
        [policy?.securityQuestionsEnabled, policy?.securityQuestionsToRegister],
        [true, 4],
      );
      await enableSecurityQuestions(t, { securityQuestionsToRegister: 5 });
    });

    test("custom questions by API: as typed, up to 200 characters, at most 20, not twice, on the record", async () => {
      const writer = await adminClient(t, server, ["authenticationPolicyAdministrator"]);
      const reader = await adminClient(t, server, ["securityReader"]);
      const text = "Qual è il nome del tuo primo insegnante di 東京 judo?";
      const added = await writer.call("POST", customPath, { text: `  ${text} ` });
      assert.equal(added.status, 201);
      const question = added.json();
      assert.equal(question.text, text, "as typed, trimmed");
      assert.match(String(question.createdDateTime), /^2026-11-22T/);
      const listed = await reader.call("GET", customPath);
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.json().value, [question]);
      assert.equal((await reader.call("POST", customPath, { text: "Un'altra?" })).status, 403);

      const long = await writer.call("POST", customPath, { text: "d".repeat(201) });
      assert.deepEqual([long.status, codeOf(long)], [400, "invalid_custom_question"]);
      assert.equal((await writer.call("POST", customPath, { text: "d".repeat(200) })).status, 201);
      assert.equal((await writer.call("POST", customPath, { text: "   " })).status, 400);
      const broken = await writer.call("POST", customPath, { text: "due\nrighe" });
      assert.equal(broken.status, 400);
      const twice = await writer.call("POST", customPath, { text });
      assert.deepEqual([twice.status, codeOf(twice)], [409, "custom_question_repeated"]);
      for (let i = 3; i <= 20; i++)
        assert.equal(
          (await writer.call("POST", customPath, { text: `Domanda ${i}?` })).status,
          201,
        );
      const full = await writer.call("POST", customPath, { text: "La ventunesima?" });
      assert.deepEqual([full.status, codeOf(full)], [409, "too_many_custom_questions"]);

      const gone = await writer.call("DELETE", `${customPath}/${question.id}`);
      assert.equal(gone.status, 204);
      const again = await writer.call("DELETE", `${customPath}/${question.id}`);
      assert.deepEqual([again.status, codeOf(again)], [404, "custom_question_not_found"]);
      assert.equal(
        (await writer.call("POST", customPath, { text: "La ventunesima?" })).status,
        201,
      );
      const audit = (await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).filter((a) =>
        a.action.includes("custom security question"),
      );
      assert.equal(audit.filter((a) => a.action === "Add custom security question").length, 21);
      assert.equal(audit.filter((a) => a.action === "Delete custom security question").length, 1);
      // Clean up for the page test below.
      for (const q of (await writer.call("GET", customPath)).json().value as { id: string }[])
        await writer.call("DELETE", `${customPath}/${q.id}`);
    });

    test("custom questions on their page: added, shown as typed, refused in words, deleted", async () => {
      const pages = await adminPages(
        "pagina.domande@example.it",
        "authenticationPolicyAdministrator",
      );
      const empty = await pages.get("/admin/policy/security-questions?lang=en");
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /There are no custom questions\./);
      const added = await pages.post("/admin/policy/security-questions", {
        text: "Qual è il soprannome di tuo nonno <Beppe>?",
      });
      assert.equal(
        added.headers.location,
        "/admin/policy/security-questions?notice=custom_question_added",
      );
      for (const lang of ["en", "it"]) {
        const shown = await pages.get(`/admin/policy/security-questions?lang=${lang}`);
        assert.match(shown.body, /Qual è il soprannome di tuo nonno &lt;Beppe&gt;\?/);
      }
      await pages.get("/admin/policy/security-questions?lang=en");
      const refused = await pages.post("/admin/policy/security-questions", {
        text: "x".repeat(201),
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /A custom question is 1 to 200 characters on one line\./);
      assert.match(
        refused.body,
        new RegExp(`value="${"x".repeat(201)}"`),
        "typed again to correct",
      );
      const id = /security-questions\/([0-9a-f-]{36})\/delete/.exec(
        (await pages.get("/admin/policy/security-questions")).body,
      )?.[1];
      assert.ok(id);
      const forged = await pages.browser.request({
        method: "POST",
        url: `/admin/policy/security-questions/${id}/delete`,
        headers: formHeaders,
        payload: "",
      });
      assert.equal(forged.statusCode, 403);
      const deleted = await pages.post(`/admin/policy/security-questions/${id}/delete`);
      assert.equal(
        deleted.headers.location,
        "/admin/policy/security-questions?notice=custom_question_deleted",
      );
      const reader = await adminPages("lettore.domande@example.it", "securityReader");
      const readOnly = await reader.get("/admin/policy/security-questions?lang=en");
      assert.equal(readOnly.statusCode, 200);
      assert.doesNotMatch(
        readOnly.body,
        /<form method="post" action="\/admin\/policy\/security-questions"/,
      );
      assert.equal(
        (await reader.post("/admin/policy/security-questions", { text: "No?" })).statusCode,
        403,
      );
    });

    test("a user's registration: only that it exists and when, by API and page; removed as a whole", async () => {
      await enableSecurityQuestions(t, { securityQuestionsToRegister: 5 });
      const { u, pages: user } = await signedInUser(t, server, "registrata.vista@example.it");
      assert.equal(
        (await user.post("/security-info/security-questions", answersForm(fiveAnswers))).statusCode,
        303,
      );
      const api = await adminClient(t, server, ["authenticationAdministrator"]);
      const methods = await api.call("GET", `/api/v1/users/${u.user.id}/authentication/methods`);
      assert.equal(methods.status, 200);
      const entry = (methods.json().value as Record<string, unknown>[]).find(
        (m) => m["@odata.type"] === "#varco.securityQuestionsAuthenticationMethod",
      );
      assert.deepEqual(Object.keys(entry ?? {}).sort(), ["@odata.type", "createdDateTime", "id"]);
      assert.equal(entry?.id, "securityQuestions");
      const own = await api.call(
        "GET",
        `/api/v1/users/${u.upn}/authentication/securityQuestionsMethods`,
      );
      assert.deepEqual(own.json().value, [entry]);

      const admin = await adminPages("aiuto.domande@example.it", "authenticationAdministrator");
      const page = await admin.get(`/admin/users/${u.user.id}?lang=en`);
      assert.match(page.body, /Security questions<\/h2>/);
      assert.match(page.body, /Registered on 22 Nov 2026, \d\d:\d\d\. Nobody can read/);
      const removePath = `/admin/users/${u.user.id}/security-questions/remove`;
      assert.match(page.body, new RegExp(`href="${removePath}"`));
      const ask = await admin.get(`${removePath}?lang=en`);
      assert.match(
        ask.body,
        /<h1>Remove the security questions of registrata\.vista@example\.it\?<\/h1>/,
      );
      const removed = await admin.post(removePath);
      assert.equal(
        removed.headers.location,
        `/admin/users/${u.user.id}?notice=security_questions_removed`,
      );
      const after = await admin.get(
        `/admin/users/${u.user.id}?notice=security_questions_removed&lang=en`,
      );
      assert.match(after.body, /The security questions have been removed\./);
      assert.match(after.body, /Not registered\./);
      assert.deepEqual(
        (
          await api.call(
            "GET",
            `/api/v1/users/${u.user.id}/authentication/securityQuestionsMethods`,
          )
        ).json().value,
        [],
      );
      // Again by API, after the user registers again.
      await user.post("/security-info/security-questions", answersForm(fiveAnswers));
      const wrongId = await api.call(
        "DELETE",
        `/api/v1/users/${u.user.id}/authentication/securityQuestionsMethods/other`,
      );
      assert.equal(wrongId.status, 404);
      const byApi = await api.call(
        "DELETE",
        `/api/v1/users/${u.user.id}/authentication/securityQuestionsMethods/securityQuestions`,
      );
      assert.equal(byApi.status, 204);
      const audit = (await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).filter(
        (a) => a.action === "Delete security questions" && a.target_id === "securityQuestions",
      );
      assert.deepEqual(
        audit.map((a) => a.actor_type).sort(),
        ["admin", "apiClient"],
        "the administrator on the page, and the API client",
      );
    });
  });
}
