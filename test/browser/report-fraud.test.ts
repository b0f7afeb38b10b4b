import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { createSignInUser } from "../support/sign-in-user.ts";
import { startSmtpSink } from "../support/smtp-sink.ts";
import { launchBrowser, navigating, runStory, setPolicy, where } from "./harness.ts";
import { expectHeading, signIn, submitPassword } from "./steps.ts";
import { languages } from "./words.ts";

// Seed 001 "Segnala attività sospette": at the code prompt the user says "I didn't try to sign
// in"; the tenant's action (a block) applies at once and the notification e-mail reaches the
// SMTP server.

const words = {
  it: {
    report: "Non ho provato ad accedere",
    reportedTitle: "Grazie per la segnalazione",
    blocked:
      "Per proteggere l'account, l'accesso è bloccato finché l'amministratore non avrà verificato l'accaduto.",
    invalidCredentials: "Il nome utente o la password non sono corretti.",
    notified: "L'accesso è stato interrotto. L'amministratore è stato avvisato per e-mail.",
    blockedTitle: "Il tuo account è bloccato",
  },
  en: {
    report: "I didn't try to sign in",
    reportedTitle: "Thank you for reporting it",
    blocked:
      "To protect your account, signing in is blocked until your administrator has checked what happened.",
    invalidCredentials: "The username or the password is not correct.",
    notified: "The sign-in was stopped. Your administrator has been told by e-mail.",
    blockedTitle: "Your account is blocked",
  },
} as const;

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

describe("reporting a sign-in the user did not make", () => {
  for (const lang of languages) {
    test(`${lang}: "I didn't try to sign in", blocked at once, the administrators get an e-mail`, async () => {
      await runStory(browser, "report-fraud", lang, { smtpUrl: smtp.url }, async (story) => {
        const { t, page } = story;
        const w = words[lang];
        await setPolicy(t, { fraudNotificationEmails: ["security@comune.example"] });
        const u = await createSignInUser(t, `gina.neri.${lang}@comune.example`);

        await signIn(story, u.upn);
        assert.equal(where(page), "/sign-in/verify");
        await story.shot("verify-with-report");
        await navigating(page, () => page.getByRole("button", { name: w.report }).click());
        await expectHeading(story, w.reportedTitle);
        assert.equal(await page.getByText(w.blocked, { exact: true }).count(), 1);
        assert.equal(await page.getByText(w.notified, { exact: true }).count(), 1);
        await story.shot("fraud-reported");

        await page.goto(story.url("/sign-in"));
        await story.shot("sign-in-again");
        // A wrong password gets the answer it always got; the right one is told of the block.
        await submitPassword(story, u.upn, "not the password");
        assert.equal(where(page), "/sign-in");
        assert.equal(
          await page.getByText(w.invalidCredentials, { exact: true }).count(),
          1,
          "a wrong password tells nothing of the block",
        );
        await story.shot("sign-in-blocked-wrong-password");
        await submitPassword(story, u.upn);
        await expectHeading(story, w.blockedTitle);
        await story.shot("sign-in-blocked");

        const received = smtp.received.find((m) => m.subject.includes(u.upn));
        assert.ok(received, "the e-mail reached the SMTP server");
        assert.deepEqual(received.to, ["security@comune.example"]);
        assert.match(received.text, /Sign-in is blocked for 90 days/);
      });
    });
  }
});
