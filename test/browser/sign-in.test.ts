import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { activateSoftwareOath } from "../../src/methods/software-oath/activate.ts";
import { enrolSoftwareOath } from "../../src/methods/software-oath/enrol.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { launchBrowser, navigating, runStory, type Story, setPolicy, where } from "./harness.ts";
import {
  codeNow,
  expectBackupCodesLeft,
  expectFieldError,
  expectHeading,
  methodRow,
  nextStep,
  signIn,
  signOut,
  typeCode,
  wrongCode,
} from "./steps.ts";
import { languages } from "./words.ts";

// Seed 004 "Accedere alla webmail": user name and password, then the code of the OTP entry the
// user picks, a backup code when the phone is not at hand, "trust this device", a trusted
// network, and the lockout of seed 001 after too many wrong codes.

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function typeAppCode(story: Story, code: string): Promise<void> {
  await typeCode(
    story,
    story.page.getByLabel(story.words.oneTimePassword),
    code,
    story.words.signIn,
  );
}

async function expectSecurityInfo(story: Story): Promise<void> {
  assert.equal(where(story.page), "/security-info");
  await expectHeading(story, story.words.securityInfoTitle);
}

async function userWithTwoApps(story: Story): Promise<{ u: SignInUser; tabletSecret: string }> {
  const { t } = story;
  const u = await createSignInUser(t, `anna.verdi.${story.lang}@comune.example`);
  const tablet = await enrolSoftwareOath(t.ctx, testActor, t.tenant, u.user, { label: "Tablet" });
  await activateSoftwareOath(t.ctx, testActor, t.tenant, u.user, {
    methodId: tablet.method.id,
    code: await codeNow(t, tablet.secret),
  });
  nextStep(t);
  return { u, tabletSecret: tablet.secret };
}

for (const lang of languages) {
  describe(`sign-in (${lang})`, () => {
    test("with a code from the entry the user picks; a code already used is refused", async () => {
      await runStory(browser, "code", lang, {}, async (story) => {
        const { t, page, words } = story;
        const { u, tabletSecret } = await userWithTwoApps(story);
        await signIn(story, u.upn);
        assert.equal(where(page), "/sign-in/verify");
        await expectHeading(story, words.verifyTitle);
        await story.shot("verify");
        // Seed 004 "Scegli il metodo OTP": the default entry first, the other one chosen.
        const choice = page.getByLabel(words.chooseMethod);
        assert.deepEqual(await choice.locator("option").allInnerTexts(), ["phone", "Tablet"]);
        await choice.selectOption({ label: "Tablet" });
        const tabletCode = await codeNow(t, tabletSecret);
        await typeAppCode(story, tabletCode);
        await expectSecurityInfo(story);
        await story.shot("security-info");
        await signOut(story);

        // The same code again in the same time step: refused, the error tied to the field.
        await signIn(story, u.upn);
        await story.shot("verify-again");
        await page.getByLabel(words.chooseMethod).selectOption({ label: "Tablet" });
        await typeAppCode(story, tabletCode);
        assert.match(where(page), /^\/sign-in\/verify\?error=invalid_code/);
        await expectFieldError(story, page.getByLabel(words.oneTimePassword), words.invalidCode);
        await story.shot("verify-reused-code");

        nextStep(t);
        await page.getByLabel(words.chooseMethod).selectOption({ label: "phone" });
        await typeAppCode(story, await codeNow(t, u.secret));
        await expectSecurityInfo(story);
        await story.shot("security-info-again");
      });
    });

    test("with a backup code, once", async () => {
      await runStory(browser, "backup-code", lang, {}, async (story) => {
        const { page, words } = story;
        const u = await createSignInUser(story.t, `luca.neri.${lang}@comune.example`);
        const code = u.backupCodes[0] as string;
        const useBackupCode = async () => {
          await signIn(story, u.upn);
          await story.shot("verify");
          await navigating(page, () =>
            page.getByRole("link", { name: words.otherWays, exact: true }).click(),
          );
          await story.shot("other-ways");
          await navigating(page, () =>
            page.getByRole("link", { name: words.useBackupCode, exact: true }).click(),
          );
          await story.shot("backup-code");
          await page.getByLabel(words.backupCode).fill(code);
          await navigating(page, () =>
            page.getByRole("button", { name: words.signIn, exact: true }).click(),
          );
        };
        await useBackupCode();
        await expectSecurityInfo(story);
        await expectBackupCodesLeft(story, 11);
        await story.shot("security-info");
        await signOut(story);

        await useBackupCode();
        assert.equal(where(page), "/sign-in/backup-code?error=invalid_code");
        await expectFieldError(story, page.getByLabel(words.backupCode), words.invalidCode);
        await story.shot("backup-code-spent");
      });
    });

    test("a remembered device skips the code; another browser is asked", async () => {
      await runStory(browser, "remembered-device", lang, {}, async (story) => {
        const { t, page, words } = story;
        const u = await createSignInUser(t, `sara.galli.${lang}@comune.example`);
        await setPolicy(t, { rememberDeviceDays: 30 });
        await signIn(story, u.upn);
        await story.shot("verify");
        await page.getByLabel(words.rememberDevice(30)).check();
        await typeAppCode(story, await codeNow(t, u.secret));
        await expectSecurityInfo(story);
        assert.equal(
          await page
            .getByRole("region", { name: words.rememberedDevices })
            .getByRole("row")
            .count(),
          2,
        );
        await story.shot("security-info");
        await signOut(story);

        await signIn(story, u.upn);
        await expectSecurityInfo(story);
        await story.shot("security-info-without-code");

        const other = await story.another();
        await signIn(other, u.upn);
        assert.equal(where(other.page), "/sign-in/verify");
        await other.shot("verify");
      });
    });

    test("from a trusted IP range the password is enough", async () => {
      await runStory(browser, "trusted-range", lang, {}, async (story) => {
        const u = await createSignInUser(story.t, `paolo.riva.${lang}@comune.example`);
        await setPolicy(story.t, { trustedIpRanges: ["127.0.0.0/8"] });
        await signIn(story, u.upn);
        await expectSecurityInfo(story);
        await story.shot("security-info");
        await signOut(story);
        await setPolicy(story.t, { trustedIpRanges: [] });
        await signIn(story, u.upn);
        assert.equal(where(story.page), "/sign-in/verify");
        await story.shot("verify");
      });
    });

    test("lockout after N wrong codes: not even the right code gets in until it ends", async () => {
      await runStory(browser, "lockout", lang, {}, async (story) => {
        const { t, page, words } = story;
        const u = await createSignInUser(t, `marco.fontana.${lang}@comune.example`);
        const helpdesk = "helpdesk@comune.example, 050 910 111";
        await setPolicy(t, { lockoutThreshold: 3, lockoutMinutes: 15, helpdeskContact: helpdesk });
        // A second browser has typed the password already and waits for the code.
        const other = await story.another();
        await signIn(other, u.upn);
        assert.equal(where(other.page), "/sign-in/verify");
        await other.shot("verify-other-browser");

        await signIn(story, u.upn);
        await story.shot("verify");
        const wrong = await wrongCode(t, u.secret);
        for (let attempt = 1; attempt <= 2; attempt++) {
          await typeAppCode(story, wrong);
          const field = page.getByLabel(words.oneTimePassword);
          await expectFieldError(story, field, words.invalidCode);
          const hint = await page.locator("#failed-attempts").textContent();
          assert.equal(hint?.trim(), words.failedAttempts(attempt, 3));
          await story.shot(`verify-wrong-${attempt}`);
        }
        const lockedAt = t.clock.now();
        await typeAppCode(story, wrong);
        await expectHeading(story, words.lockedTitle);
        const until = lockedAt + 15 * 60_000;
        const when = (options: Intl.DateTimeFormatOptions) =>
          new Intl.DateTimeFormat(words.locale, { ...options, timeZone: "Europe/Rome" }).format(
            until,
          );
        const retry = words.lockedUntil(when({ timeStyle: "short" }), when({ dateStyle: "long" }));
        assert.equal(await page.getByText(retry).count(), 1, `the page says "${retry}"`);
        const contact = (await page.locator(".helpdesk").textContent())?.replace(/\s+/g, " ");
        assert.equal(contact?.trim(), `${words.helpdesk} ${helpdesk}`, "whom to contact");
        await story.shot("locked");

        // The right code, typed in the browser that was already waiting: still locked.
        await typeAppCode(other, await codeNow(t, u.secret));
        await expectHeading(other, words.lockedTitle);
        await other.shot("locked-right-code");

        // While locked, a new sign-in with the right password lands on the same page.
        await signIn(story, u.upn);
        await expectHeading(story, words.lockedTitle);
        await story.shot("locked-again");

        t.clock.advance(16 * 60_000);
        await signIn(story, u.upn);
        assert.equal(where(page), "/sign-in/verify");
        await story.shot("verify-after-lockout");
        await typeAppCode(story, await codeNow(t, u.secret));
        await expectSecurityInfo(story);
        const [, , failed] = await methodRow(story, "phone");
        assert.equal(failed, "0 / 3", "a right code clears the failed attempts");
        await story.shot("security-info");
      });
    });
  });
}

describe("keyboard", () => {
  for (const lang of languages) {
    test(`${lang}: Tab goes from the user name to the password to the button; Enter sends`, async () => {
      await runStory(browser, "keyboard", lang, {}, async (story) => {
        const { t, page, words } = story;
        const u = await createSignInUser(t, `tasti.${lang}@comune.example`);
        const focused = () => page.locator(":focus").ariaSnapshot();
        await page.goto(story.url("/sign-in"));
        await story.shot("sign-in");
        await page.getByLabel(words.upn).focus();
        assert.match(await focused(), new RegExp(`^- textbox "${words.upn}"`));
        await page.keyboard.type(u.upn);
        await page.keyboard.press("Tab");
        assert.match(await focused(), new RegExp(`^- textbox "${words.password}"`));
        await page.keyboard.type(testPassword);
        await page.keyboard.press("Tab");
        assert.equal(await focused(), `- button "${words.signIn}"`);
        await navigating(page, () => page.keyboard.press("Enter"));
        assert.equal(where(page), "/sign-in/verify");
        // The code field has the focus: the person types the code and sends it with Enter (a
        // complete code does not send itself, WCAG 3.2.2).
        assert.match(await focused(), new RegExp(`^- textbox "${words.oneTimePassword}"`));
        await story.shot("verify");
        await page.keyboard.type(await codeNow(t, u.secret));
        assert.equal(where(page), "/sign-in/verify", "typing alone sends nothing");
        await navigating(page, () => page.keyboard.press("Enter"));
        await expectSecurityInfo(story);
        await story.shot("security-info");
      });
    });
  }
});
