import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { requireReregistration } from "../../src/methods/reregistration.ts";
import { issueTemporaryAccessPass } from "../../src/methods/temporary-access-pass/issue.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { listMethods } from "../../src/store/queries/methods.ts";
import { enMessages } from "../../src/web/i18n/en.ts";
import { itMessages } from "../../src/web/i18n/it.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// The words the sign-in pages say in each case a user must tell apart, in English and Italian:
// attempts used up or timed out, blocked after a report, the administrator told or not, what a
// Temporary Access Pass is for, and why a label was refused.

const languages = { en: enMessages, it: itMessages } as const;
type Lang = keyof typeof languages;
type Key = keyof typeof enMessages;
const formType = { "content-type": "application/x-www-form-urlencoded" };

/** The page's text as a person reads it: tags dropped, entities decoded, spaces collapsed. */
function textOf(html: string): string {
  return html
    .replaceAll(/<[^>]*>/g, " ")
    .replaceAll("&#39;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&")
    .replaceAll(/\s+/g, " ");
}

function say(lang: Lang, key: Key, params: Record<string, string | number> = {}): string {
  let text: string = languages[lang][key];
  for (const [name, value] of Object.entries(params))
    text = text.replace(`{${name}}`, String(value));
  return text;
}

for (const kind of databaseKinds) {
  describe(`sign-in pages' words on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let ip = 0;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    /** One browser in `lang`, from an address of its own, that fills forms with the page's token. */
    const browser = (lang: Lang) => {
      const b = browserLike(server, {
        accept: "text/html",
        "accept-language": lang,
        "x-forwarded-for": `198.51.100.${++ip}`,
      });
      let csrf = "";
      const remember = (body: string) => {
        csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? csrf;
      };
      return {
        async get(url: string) {
          const response = await b.request({ url });
          remember(response.body);
          return response;
        },
        async post(url: string, fields: Record<string, string>) {
          const payload = new URLSearchParams({ _csrf: csrf, ...fields }).toString();
          const response = await b.request({ method: "POST", url, headers: formType, payload });
          remember(response.body);
          return response;
        },
        /** Follows a 303 with a GET, as a browser does. */
        async follow(response: { statusCode: number; headers: Record<string, unknown> }) {
          assert.equal(response.statusCode, 303);
          return this.get(String(response.headers.location));
        },
      };
    };

    const signIn = async (lang: Lang, u: SignInUser | { upn: string }, password = testPassword) => {
      const b = browser(lang);
      await b.get("/sign-in");
      return { b, response: await b.post("/sign-in", { upn: u.upn, password }) };
    };

    for (const lang of ["en", "it"] as const) {
      test(`${lang}: 5 wrong codes use up the sign-in's attempts, said so; a sign-in left too long is said to have expired`, async () => {
        const u = await createSignInUser(t, `attempts.${lang}@example.it`);
        const { b, response } = await signIn(lang, u);
        assert.equal(response.headers.location, "/sign-in/verify");
        let page = await b.follow(response);
        for (let i = 0; i < 4; i++) {
          page = await b.follow(await b.post("/sign-in/verify", { code: "000000" }));
          assert.equal(page.statusCode, 401);
          assert.ok(textOf(page.body).includes(say(lang, "error.invalid_code")));
        }
        // The fifth wrong code: nothing is left to try, and the page says so at once.
        page = await b.follow(await b.post("/sign-in/verify", { code: "000000" }));
        assert.equal(page.statusCode, 401);
        assert.ok(textOf(page.body).includes(say(lang, "error.attempts_used_up")), page.body);
        assert.ok(!textOf(page.body).includes(say(lang, "error.expired")));
        assert.ok(page.body.includes('action="/sign-in"'), "the password form, to start again");

        const late = await signIn(lang, u);
        assert.equal(late.response.headers.location, "/sign-in/verify");
        t.clock.advance(11 * 60_000);
        const expired = await late.b.post("/sign-in/verify", { code: "000000" });
        assert.equal(expired.statusCode, 401);
        assert.ok(textOf(expired.body).includes(say(lang, "error.expired")));
        assert.ok(!textOf(expired.body).includes(say(lang, "error.attempts_used_up")));
      });

      test(`${lang}: the report page says the administrator was told only when the tenant has an address`, async () => {
        const report = async (upn: string) => {
          const u = await createSignInUser(t, upn);
          const { b, response } = await signIn(lang, u);
          await b.follow(response);
          const page = await b.post("/sign-in/report", {});
          assert.equal(page.statusCode, 200);
          return { u, text: textOf(page.body) };
        };
        const tenant = await findTenant(t.ctx);
        await changeTenantPolicy(t.ctx, testActor, tenant, {
          fraudNotificationEmails: [],
          highRiskAction: "none",
        });
        const quiet = await report(`quiet.${lang}@example.it`);
        assert.ok(quiet.text.includes(say(lang, "fraudReported.stopped")));
        assert.ok(!quiet.text.includes(say(lang, "fraudReported.notified")));
        await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
          fraudNotificationEmails: ["sicurezza@example.it"],
        });
        try {
          const told = await report(`told.${lang}@example.it`);
          assert.ok(told.text.includes(say(lang, "fraudReported.notified")), told.text);
        } finally {
          await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
            fraudNotificationEmails: [],
            highRiskAction: "block",
          });
        }
      });

      test(`${lang}: blocked by a report, the right password is told so and where to get help; a wrong one is answered as ever`, async () => {
        await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
          helpdeskContact: "Segreteria, 050 123",
        });
        try {
          const u = await createSignInUser(t, `reported.${lang}@example.it`);
          const { b, response } = await signIn(lang, u);
          await b.follow(response);
          await b.post("/sign-in/report", {});

          const right = (await signIn(lang, u)).response;
          assert.equal(right.statusCode, 403);
          const text = textOf(right.body);
          assert.ok(text.includes(say(lang, "blocked.message")), text);
          assert.ok(text.includes(say(lang, "blocked.contactHelpdesk")));
          assert.ok(text.includes("Segreteria, 050 123"));

          // No enumeration: a wrong password for the blocked user, for a user who is not
          // blocked and for no user at all get the same page, word for word.
          const other = await createSignInUser(t, `notblocked.${lang}@example.it`);
          const wrong = [u.upn, other.upn, `nobody.${lang}@example.it`].map((upn) =>
            signIn(lang, { upn }, "not the password").then(({ response }) => response),
          );
          const pages = await Promise.all(wrong);
          for (const page of pages) assert.equal(page.statusCode, 401);
          const [blockedPage, ...others] = pages.map((page, i) =>
            textOf(page.body).replace(
              [u.upn, other.upn, `nobody.${lang}@example.it`][i] ?? "",
              "UPN",
            ),
          );
          for (const page of others) assert.equal(blockedPage, page);
          assert.ok(!blockedPage?.includes(say(lang, "blocked.message")));
        } finally {
          await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
            helpdeskContact: "",
          });
        }
      });

      test(`${lang}: after a Temporary Access Pass the page says what to do next`, async () => {
        const tenant = await findTenant(t.ctx);
        // Methods to register: "method 1 of N", and why.
        const fresh = await createSignInUser(t, `pass.register.${lang}@example.it`);
        await requireReregistration(t.ctx, testActor, fresh.user, { removeMethods: true });
        const first = await issueTemporaryAccessPass(t.ctx, testActor, tenant, fresh.user, {});
        const b = browser(lang);
        const form = await b.get("/sign-in/tap");
        assert.ok(textOf(form.body).includes(say(lang, "tapSignIn.passHint")));
        const typed = first.pass.toLowerCase();
        const registering = await b.post("/sign-in/tap", { upn: fresh.upn, pass: typed });
        assert.equal(registering.headers.location, "/sign-in/register");
        const intro = textOf((await b.follow(registering)).body);
        assert.ok(intro.includes(say(lang, "registerIntro.afterPass", { step: 1, total: 1 })));
        assert.ok(intro.includes(say(lang, "form.step", { step: 1, total: 1 })));

        // Methods enough already: the security info page says to add one and delete the lost one.
        const kept = await createSignInUser(t, `pass.session.${lang}@example.it`);
        const second = await issueTemporaryAccessPass(t.ctx, testActor, tenant, kept.user, {});
        const c = browser(lang);
        await c.get("/sign-in/tap");
        const signedIn = await c.post("/sign-in/tap", { upn: kept.upn, pass: second.pass });
        const info = textOf((await c.follow(signedIn)).body);
        assert.ok(info.includes(say(lang, "securityInfo.afterPass")), info);
        // A password sign-in does not say it.
        const { b: d, response } = await signIn(lang, kept);
        await d.follow(response);
        const code = await oathtoolTotp(kept.secret, { timeMs: t.clock.now() });
        const home = await d.follow(await d.post("/sign-in/verify", { code }));
        assert.ok(!textOf(home.body).includes(say(lang, "securityInfo.afterPass")));
        t.clock.advance(30_000);
      });

      test(`${lang}: a refused label says why; an abandoned enrolment leaves one entry`, async () => {
        const u = await createSignInUser(t, `labels.${lang}@example.it`);
        await requireReregistration(t.ctx, testActor, u.user, { removeMethods: true });
        const { b, response } = await signIn(lang, u);
        assert.equal(response.headers.location, "/sign-in/register");
        await b.get("/sign-in/register/app");
        const refused = async (label: string, key: Key, params = {}) => {
          const page = await b.post("/sign-in/register/app", { label });
          assert.equal(page.statusCode, 400);
          const text = textOf(page.body);
          assert.ok(text.includes(say(lang, key, params)), `${label}: ${text}`);
          assert.ok(text.includes(say(lang, "form.step", { step: 1, total: 1 })));
        };
        await refused("PC casa", "enrolApp.labelSpaces");
        await refused("città", "enrolApp.labelCharacters", { characters: "à" });
        await refused("x".repeat(21), "enrolApp.labelTooLong", { n: 21 });
        await refused("   ", "enrolApp.labelEmpty");

        // Abandoned at the QR code, started again under the same name: one entry.
        for (let i = 0; i < 2; i++) {
          const started = await b.post("/sign-in/register/app", { label: "telefono" });
          assert.equal(started.statusCode, 303);
          await b.get("/sign-in/register/app");
        }
        const methods = await listMethods(t.ctx.store.db, u.user.id);
        assert.deepEqual(
          methods.map((m) => [m.label, m.state]),
          [["telefono", "pending"]],
        );

        // An active method keeps its name: the page says so.
        const active = await createSignInUser(t, `labels.active.${lang}@example.it`);
        await requireReregistration(t.ctx, testActor, active.user, { removeMethods: false });
        const again = await signIn(lang, active);
        // The user proves the app they have first, then registers.
        await again.b.follow(again.response);
        const code = await oathtoolTotp(active.secret, { timeMs: t.clock.now() });
        const registering = await again.b.post("/sign-in/verify", { code });
        assert.equal(registering.headers.location, "/sign-in/register");
        await again.b.get("/sign-in/register/app");
        const inUse = await again.b.post("/sign-in/register/app", { label: "phone" });
        assert.equal(inUse.statusCode, 400);
        assert.ok(
          textOf(inUse.body).includes(say(lang, "enrolApp.labelInUse", { label: "phone" })),
        );
        t.clock.advance(30_000);
      });
    }
  });
}
