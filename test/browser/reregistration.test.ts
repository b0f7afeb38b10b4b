import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { requireReregistration } from "../../src/methods/reregistration.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { launchBrowser, navigating, runStory, where } from "./harness.ts";
import { codeNow, expectHeading, methodRow, nextStep, signIn, typeCode } from "./steps.ts";
import { languages } from "./words.ts";

// Seed 003: the helpdesk requires re-registration and keeps the old method. At the next
// sign-in the user types a code from the old app, then is taken through "Protect your account"
// for a new one before the session starts.

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe("re-registration required by the helpdesk", () => {
  for (const lang of languages) {
    test(`${lang}: old app's code, then Protect your account, then security info with both`, async () => {
      await runStory(browser, "reregistration", lang, {}, async (story) => {
        const { t, page, words } = story;
        const u = await createSignInUser(t, `anna.neri.${lang}@comune.example`);
        await requireReregistration(t.ctx, testActor, u.user, { removeMethods: false });

        await signIn(story, u.upn);
        assert.equal(where(page), "/sign-in/verify");
        await story.shot("verify");
        await typeCode(
          story,
          page.getByLabel(words.oneTimePassword),
          await codeNow(t, u.secret),
          words.signIn,
        );
        nextStep(t);
        assert.equal(where(page), "/sign-in/register");
        await expectHeading(story, words.protectTitle);
        assert.equal(await page.getByText(words.methodOneOfOne, { exact: true }).count(), 1);
        await story.shot("register-intro");
        await navigating(page, () => page.getByRole("button", { name: words.next }).click());

        await expectHeading(story, words.newAppTitle);
        await story.shot("enrol-app");
        await page.getByLabel(words.otpLabel).fill("tablet");
        await navigating(page, () => page.getByRole("button", { name: words.next }).click());
        await expectHeading(story, words.qrTitle);
        await page.getByText(words.cannotScan, { exact: true }).click();
        await story.shot("enrol-qr-key");
        const key = (await page.locator(".secret code").textContent())?.replaceAll(/\s/g, "");
        assert.ok(key, "the key is shown");
        await typeCode(story, page.getByLabel(words.enrolCode), await codeNow(t, key), words.next);
        nextStep(t);

        assert.match(where(page), /^\/security-info/);
        await expectHeading(story, words.securityInfoTitle);
        assert.equal((await methodRow(story, "phone"))[1], words.enabled);
        assert.equal((await methodRow(story, "tablet"))[1], words.enabled);
        await story.shot("security-info");
      });
    });
  }
});
