import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { setTenantBranding } from "../../src/branding/set-tenant-branding.ts";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { addTenantDomain } from "../../src/directory/domains/add-tenant-domain.ts";
import { pngImage } from "../support/images.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { launchBrowser, navigating, runStory, type Story, where } from "./harness.ts";
import { codeNow, typeCode } from "./steps.ts";

// A consultant with accounts in several organisations, without JavaScript: signed in to the school (whose pages carry its logo
// and accent colour) and to the town in one browser, switching between them from the header's
// account menu, and signing out of one while the other stays.

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const schoolAccent = "rgb(122, 31, 92)"; // #7a1f5c
const varcoPrimary = "rgb(11, 79, 138)"; // varco.css --primary

describe("tenant branding and the account picker (en, no JavaScript)", () => {
  test("two tenants in one browser: branded pages, switch, sign out one, the other stays", async () => {
    await runStory(browser, "branding-accounts", "en", { javaScript: false }, async (story) => {
      const { t, page } = story;
      const school = await createTenant(t.ctx, testActor, {
        name: "school",
        displayName: "Scuola",
      });
      const town = await createTenant(t.ctx, testActor, { name: "town", displayName: "Comune" });
      await addTenantDomain(t.ctx, testActor, school, "school.it");
      await addTenantDomain(t.ctx, testActor, town, "town.it");
      await setTenantBranding(t.ctx, testActor, school, {
        accentColour: "#7a1f5c",
        logo: pngImage(120, 40, [122, 31, 92]),
      });
      const mario = await createSignInUser({ ...t, tenant: school }, "mario.rossi@school.it");
      const anna = await createSignInUser({ ...t, tenant: town }, "anna.verdi@town.it");
      const brand = async () => (await page.locator(".brand").textContent())?.trim();
      const buttonColour = () =>
        page
          .locator("main .button:not(.button-danger):not(.button-secondary)")
          .first()
          .evaluate((button) => {
            // In the page: the DOM's own getComputedStyle (the tests' types have no DOM).
            const style = globalThis as unknown as {
              getComputedStyle: (e: unknown) => { backgroundColor: string };
            };
            return style.getComputedStyle(button).backgroundColor;
          });
      const account = async () => (await page.locator(".account-menu-upn").textContent())?.trim();

      // The school's own page, from a roll-out letter's link: its logo and its colour.
      await page.goto(story.url("/t/school/sign-in"));
      assert.equal(await brand(), "Scuola");
      const logo = page.locator(".brand-logo");
      assert.equal(
        await logo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        120,
      );
      assert.equal(await buttonColour(), schoolAccent);
      await story.shot("school-sign-in-branded");
      await page.getByLabel("Username").fill(mario.upn);
      await passwordThenCode(story, mario, "school-verify");
      assert.equal(where(page), "/security-info");
      assert.equal(await account(), mario.upn);
      await story.shot("mario-security-info");

      // "Sign in with another account": the neutral page asks the user name first.
      await page.locator(".account-menu summary").click();
      await navigating(page, () =>
        page.getByRole("link", { name: "Sign in with another account" }).click(),
      );
      assert.equal(where(page), "/sign-in?add=1");
      assert.equal(await brand(), "Varco");
      await story.shot("another-account");
      await page.getByLabel("Username").fill(anna.upn);
      await navigating(page, () => page.getByRole("button", { name: "Next", exact: true }).click());
      await story.shot("anna-password");
      await passwordThenCode(story, anna, "town-verify");
      assert.equal(await account(), anna.upn);
      assert.equal(await brand(), "Comune");
      assert.equal(await buttonColour(), varcoPrimary, "the town has no colour of its own");
      await story.shot("anna-security-info");

      await page.locator(".account-menu summary").click();
      await story.shot("account-menu-open");
      await navigating(page, () =>
        page.getByRole("button", { name: "Switch to mario.rossi@school.it (Scuola)" }).click(),
      );
      assert.equal(await account(), mario.upn);
      assert.equal(await brand(), "Scuola");
      await story.shot("switched-to-mario");

      await navigating(page, () =>
        page.getByRole("button", { name: "Sign out", exact: true }).click(),
      );
      assert.equal(where(page), "/accounts?notice=signed_out");
      assert.equal(await page.getByText("mario.rossi@school.it").count(), 0);
      await story.shot("picker-after-sign-out");
      await navigating(page, () =>
        page.getByRole("button", { name: "Switch to anna.verdi@town.it (Comune)" }).click(),
      );
      assert.equal(where(page), "/security-info");
      assert.equal(await account(), anna.upn, "the town's account stayed signed in");
      await story.shot("anna-still-signed-in");
    });
  });
});

/** The password page shown now, then the code. */
async function passwordThenCode(story: Story, u: SignInUser, shot: string): Promise<void> {
  const { page, t } = story;
  await page.getByLabel("Password", { exact: true }).fill(testPassword);
  await navigating(page, () => page.getByRole("button", { name: "Sign in", exact: true }).click());
  await story.shot(shot);
  await typeCode(
    story,
    page.getByLabel("Type the one-time password"),
    await codeNow(t, u.secret),
    "Sign in",
  );
}
