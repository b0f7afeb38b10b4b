import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { addEmailMethod } from "../../src/methods/email/add-email-method.ts";
import { updateMethodConfiguration } from "../../src/policy/method-configurations/update-method-configuration.ts";
import { enMessages } from "../../src/web/i18n/en.ts";
import { itMessages } from "../../src/web/i18n/it.ts";
import { codeMailedTo } from "../email-method/support.ts";
import { fiveAnswers } from "../security-questions/support.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { type ReceivedMail, startSmtpSink } from "../support/smtp-sink.ts";
import { type TestApp, testActor } from "../support/test-app.ts";
import { launchBrowser, navigating, runStory, type Story, setPolicy, where } from "./harness.ts";
import { codeNow, expectHeading, openSignIn, signIn, submitPassword, typeCode } from "./steps.ts";
import { languages } from "./words.ts";

// "Forgot your password?" from the sign-in page, in Italian and English,
// with one method (a code by e-mail, through a real SMTP server) and with two (security
// questions registered on Security info, which asks for them after sign-in, and the e-mail).

let browser: Browser;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
before(async () => {
  browser = await launchBrowser();
  smtp = await startSmtpSink();
});
after(async () => {
  await browser?.close();
  await smtp?.close();
});

const messagesOf = (lang: "it" | "en") => (lang === "it" ? itMessages : enMessages);

/** Waits for the code e-mailed to `address` (a reset sends it after answering the page). */
async function mailedCode(received: readonly ReceivedMail[], address: string, count: number) {
  for (let i = 0; i < 200 && received.filter((m) => m.to.includes(address)).length < count; i++)
    await new Promise((resolve) => setTimeout(resolve, 25));
  return codeMailedTo(received, address);
}

async function enableEmail(t: TestApp) {
  await updateMethodConfiguration(
    t.ctx,
    testActor,
    t.tenant.id,
    "Email",
    { state: "enabled" },
    {
      sms: false,
      voice: false,
    },
  );
}

/** From "Forgot your password?" on the sign-in page to the methods page. */
async function forgotPassword(story: Story, upn: string) {
  const m = messagesOf(story.lang);
  await openSignIn(story);
  await navigating(story.page, () =>
    story.page.getByRole("link", { name: m["signIn.forgotPassword"] }).click(),
  );
  await expectHeading(story, m["reset.title"]);
  await story.shot("reset-start");
  await story.page.getByLabel(m["signIn.upn"]).fill(upn);
  await navigating(story.page, () =>
    story.page.getByRole("button", { name: m["form.next"] }).click(),
  );
  await expectHeading(story, m["reset.verifyTitle"]);
}

/** The e-mail method of the reset: the address typed, then the code read from the mail. */
async function proveByEmail(story: Story, address: string, mailsBefore: number) {
  const m = messagesOf(story.lang);
  const { page } = story;
  await navigating(page, () => page.getByRole("link", { name: m["reset.method.email"] }).click());
  await story.shot("reset-email");
  await page.getByLabel(m["reset.typeEmail"]).fill(address);
  await navigating(page, () => page.getByRole("button", { name: m["reset.sendEmail"] }).click());
  await story.shot("reset-email-sent");
  const code = await mailedCode(smtp.received, address, mailsBefore + 1);
  await typeCode(story, page.getByLabel(m["reset.code"]), code, m["form.next"]);
}

/** The new password, twice, and the page that says it is done. */
async function choosePassword(story: Story, password: string) {
  const m = messagesOf(story.lang);
  const { page } = story;
  await expectHeading(story, m["reset.newPasswordTitle"]);
  await story.shot("reset-new-password");
  await page.getByLabel(m["ownPassword.new"], { exact: true }).fill(password);
  await page.getByLabel(m["ownPassword.repeat"]).fill(password);
  await navigating(page, () => page.getByRole("button", { name: m["reset.save"] }).click());
  await expectHeading(story, m["reset.doneTitle"]);
  await story.shot("reset-done");
}

describe("self-service password reset in the browser", () => {
  for (const lang of languages) {
    test(`${lang}: one method, a code by e-mail; the new password signs in`, async () => {
      await runStory(browser, "sspr-one-method", lang, { smtpUrl: smtp.url }, async (story) => {
        const { t } = story;
        await enableEmail(t);
        await setPolicy(t, { passwordResetEnabledFor: "all", passwordResetMethodsRequired: 1 });
        const u = await createSignInUser(t, `giulia.${lang}@comune.example`);
        const address = `giulia.${lang}@posta.example.org`;
        await addEmailMethod(t.ctx, testActor, u.user, address);
        const before = smtp.received.filter((m) => m.to.includes(address)).length;

        await forgotPassword(story, u.upn);
        assert.match(
          (await story.page.locator("#reset-step").textContent()) ?? "",
          lang === "it" ? /1 di 1/ : /1 of 1/,
        );
        await story.shot("reset-methods");
        await proveByEmail(story, address, before);
        const password = "faro rosso sulla Meloria";
        await choosePassword(story, password);
        await smtpMailCount(address, before + 2);

        await openSignIn(story);
        await submitPassword(story, u.upn, password);
        await story.shot("verify");
        await typeCode(
          story,
          story.page.getByLabel(story.words.oneTimePassword),
          await codeNow(t, u.secret),
          story.words.signIn,
        );
        assert.equal(where(story.page), "/security-info");
        await story.shot("security-info");
      });
    });

    test(`${lang}: two methods, security questions registered after sign-in, then the e-mail`, async () => {
      await runStory(browser, "sspr-two-methods", lang, { smtpUrl: smtp.url }, async (story) => {
        const { t, page } = story;
        const m = messagesOf(lang);
        await enableEmail(t);
        await setPolicy(t, {
          passwordResetEnabledFor: "all",
          passwordResetMethodsRequired: 2,
          passwordResetMethods: ["email", "securityQuestions"],
          securityQuestionsEnabled: true,
        });
        const u = await createSignInUser(t, `marco.${lang}@comune.example`);
        const address = `marco.${lang}@posta.example.org`;
        await addEmailMethod(t.ctx, testActor, u.user, address);

        // After sign-in, Security info asks for the reset methods still missing.
        await signIn(story, u.upn);
        await story.shot("verify");
        await typeCode(
          story,
          page.getByLabel(story.words.oneTimePassword),
          await codeNow(t, u.secret),
          story.words.signIn,
        );
        assert.equal(where(page), "/security-info");
        await story.shot("security-info-owed");
        assert.match(
          (await page.locator("#reset-methods-owed").textContent()) ?? "",
          new RegExp(m["securityInfo.resetMethodsOwed"].replace("{n}", "2").slice(0, 30)),
        );
        await navigating(page, () =>
          page.getByRole("link", { name: m["securityQuestions.register"] }).click(),
        );
        await story.shot("security-questions");
        for (const [i, { questionKey, answer }] of fiveAnswers.entries()) {
          await page.locator(`#question${i + 1}`).selectOption(questionKey);
          await page.locator(`#answer${i + 1}`).fill(answer);
        }
        await navigating(page, () =>
          page.getByRole("button", { name: m["securityQuestions.save"] }).click(),
        );
        assert.equal(where(page), "/security-info?notice=security_questions_registered");
        await story.shot("security-info-registered");
        assert.equal(await page.locator("#reset-methods-owed").count(), 0, "nothing is owed now");

        const other = await story.another();
        const before = smtp.received.filter((mail) => mail.to.includes(address)).length;
        await forgotPassword(other, u.upn);
        await other.shot("reset-methods");
        await navigating(other.page, () =>
          other.page.getByRole("link", { name: m["reset.method.securityQuestions"] }).click(),
        );
        await other.shot("reset-questions");
        const answers = other.page.locator("input[name^=answer]");
        const count = await answers.count();
        assert.equal(count, 3, "the tenant's number of questions");
        for (let i = 0; i < count; i++) {
          const key = await other.page.locator(`input[name=question${i}]`).getAttribute("value");
          const answer = fiveAnswers.find((a) => a.questionKey === key)?.answer ?? "";
          await answers.nth(i).fill(answer.toLowerCase());
        }
        await navigating(other.page, () =>
          other.page.getByRole("button", { name: m["form.next"] }).click(),
        );
        assert.match(
          (await other.page.locator("#reset-step").textContent()) ?? "",
          lang === "it" ? /2 di 2/ : /2 of 2/,
        );
        await other.shot("reset-second-method");
        await proveByEmail(other, address, before);
        await choosePassword(other, "scogliera bianca a Castiglioncello");

        // The reset ended every session: this browser's is gone.
        await page.goto(story.url("/security-info"));
        assert.match(where(page), /sign-in/);
        await story.shot("signed-out");
      });
    });
  }
});

async function smtpMailCount(address: string, count: number) {
  for (
    let i = 0;
    i < 200 && smtp.received.filter((m) => m.to.includes(address)).length < count;
    i++
  )
    await new Promise((resolve) => setTimeout(resolve, 25));
  assert.equal(
    smtp.received.filter((m) => m.to.includes(address)).length,
    count,
    "the user is told by e-mail",
  );
}
