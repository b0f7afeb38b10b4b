import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { addTenantDomain } from "../../src/directory/domains/add-tenant-domain.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { launchBrowser, navigating, runStory, where } from "./harness.ts";
import { codeNow, expectHeading, typeCode } from "./steps.ts";
import { languages } from "./words.ts";

// The newcomer: an administrator creates tenant "school" with the domain school.it and
// the user mario.rossi@school.it; Mario opens Varco's address, types his user name, and the
// page that asks his password is the school's. Signing out leads back to the school's page.

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const lang of languages) {
  describe(`tenant found by the user's domain (${lang})`, () => {
    test("from / the user name finds the school, then the password and the code", async () => {
      await runStory(browser, "tenant-discovery", lang, {}, async (story) => {
        const { t, page, words } = story;
        const school = await createTenant(t.ctx, testActor, {
          name: "school",
          displayName: "Scuola Media Rossi",
        });
        await addTenantDomain(t.ctx, testActor, school, "school.it");
        const mario = await createSignInUser({ ...t, tenant: school }, "mario.rossi@school.it");
        const brand = async () => (await page.locator(".brand").textContent())?.trim();

        await page.goto(story.url("/"));
        assert.equal(where(page), "/sign-in");
        await expectHeading(story, words.signInTitle);
        assert.equal(await page.getByLabel(words.password, { exact: true }).count(), 0);
        await story.shot("user-name-first");
        await page.getByLabel(words.upn).fill(mario.upn);
        await navigating(page, () =>
          page.getByRole("button", { name: words.next, exact: true }).click(),
        );
        assert.equal(where(page), "/sign-in?upn=mario.rossi%40school.it");
        // No tenant's name before the password: that would tell which domains exist.
        assert.equal(await brand(), "Varco");
        assert.equal(await page.getByLabel(words.upn).inputValue(), mario.upn);
        await story.shot("password-of-the-school");

        await page.getByLabel(words.password, { exact: true }).fill(testPassword);
        await navigating(page, () =>
          page.getByRole("button", { name: words.signIn, exact: true }).click(),
        );
        assert.equal(where(page), "/sign-in/verify");
        await expectHeading(story, words.verifyTitle);
        assert.equal(await brand(), "Scuola Media Rossi");
        await story.shot("second-factor-of-the-school");
        await typeCode(
          story,
          page.getByLabel(words.oneTimePassword),
          await codeNow(t, mario.secret),
          words.signIn,
        );
        assert.equal(where(page), "/security-info");
        await story.shot("security-info");

        await navigating(page, () =>
          page.getByRole("button", { name: words.signOut, exact: true }).click(),
        );
        assert.equal(where(page), "/t/school/sign-in?notice=signed_out");
        assert.equal(await brand(), "Scuola Media Rossi");
        assert.equal((await page.getByRole("status").textContent())?.trim(), words.signedOut);
        assert.equal(await page.getByLabel(words.password, { exact: true }).count(), 1);
        await story.shot("signed-out-to-the-school");
      });
    });
  });
}
