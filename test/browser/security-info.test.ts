import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { createSignInUser } from "../support/sign-in-user.ts";
import { launchBrowser, navigating, runStory, where } from "./harness.ts";
import { codeNow, expectHeading, methodRow, nextStep, signIn, signOut, typeCode } from "./steps.ts";
import { languages } from "./words.ts";

// Seed 004 "Autenticazione OTP": on the security info page the user presses "NUOVO OTP +",
// names the entry, adds it to a second app with the key, and later picks it when signing in.

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe("security info: a second authenticator app", () => {
  for (const lang of languages) {
    test(`${lang}: New OTP, label, key, code; the new entry is chosen at the next sign-in`, async () => {
      await runStory(browser, "new-otp", lang, {}, async (story) => {
        const { t, page, words } = story;
        const u = await createSignInUser(t, `elena.conti.${lang}@comune.example`);
        await signIn(story, u.upn);
        await story.shot("verify");
        await typeCode(
          story,
          page.getByLabel(words.oneTimePassword),
          await codeNow(t, u.secret),
          words.signIn,
        );
        nextStep(t);
        assert.equal(where(page), "/security-info");
        await story.shot("security-info");

        await navigating(page, () =>
          page.getByRole("link", { name: words.newOtp, exact: true }).click(),
        );
        await expectHeading(story, words.newAppTitle);
        await story.shot("enrol-app");
        const label = page.getByLabel(words.otpLabel);
        assert.equal(await page.getByRole("alert").count(), 0, "no error before anything is typed");
        assert.equal(await label.getAttribute("aria-invalid"), null);
        await label.fill("Tablet");
        await navigating(page, () =>
          page.getByRole("button", { name: words.next, exact: true }).click(),
        );

        await expectHeading(story, words.qrTitle);
        await page.getByText(words.cannotScan, { exact: true }).click();
        await story.shot("enrol-qr-key");
        const key = (await page.locator(".secret code").textContent())?.replaceAll(/\s/g, "");
        assert.ok(key, "the key is shown");
        await typeCode(story, page.getByLabel(words.enrolCode), await codeNow(t, key), words.next);
        nextStep(t);
        assert.equal(where(page), "/security-info?notice=method_added");
        assert.equal((await page.getByRole("status").textContent())?.trim(), words.methodAdded);
        assert.deepEqual((await methodRow(story, "Tablet")).slice(1, 3), [words.enabled, "0 / 10"]);
        await story.shot("security-info-two-apps");
        await signOut(story);

        await signIn(story, u.upn);
        await page.getByLabel(words.chooseMethod).selectOption({ label: "Tablet" });
        await story.shot("verify-choose-tablet");
        await typeCode(
          story,
          page.getByLabel(words.oneTimePassword),
          await codeNow(t, key),
          words.signIn,
        );
        assert.equal(where(page), "/security-info");
        await story.shot("security-info-signed-in-with-tablet");
      });
    });
  }
});
