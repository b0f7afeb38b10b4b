import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { listPhoneMethods } from "../../src/store/queries/phone-methods.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { launchBrowser, navigating, runStory, where } from "./harness.ts";
import { codeNow, expectHeading, nextStep, signIn, typeCode } from "./steps.ts";
import { languages } from "./words.ts";

// A person adds, changes and removes a phone on Security info in a browser without script; the
// page shows the number masked, and removal asks on a page of its own.

const phoneWords = {
  en: {
    number: "Number",
    type: "Type",
    add: "Add phone",
    added: "The phone has been added.",
    newNumber: "New number for Mobile",
    change: "Change : Mobile",
    changed: "The phone number has been changed.",
    remove: "Remove : Mobile",
    confirm: "Remove",
    removed: "The phone has been removed.",
    taken: "Start the number with + and the country code, for example +39 333 123 4567.",
  },
  it: {
    number: "Numero",
    type: "Tipo",
    add: "Aggiungi telefono",
    added: "Il telefono è stato aggiunto.",
    newNumber: "Nuovo numero per Cellulare",
    change: "Modifica : Cellulare",
    changed: "Il numero di telefono è stato modificato.",
    remove: "Rimuovi : Cellulare",
    confirm: "Rimuovi",
    removed: "Il telefono è stato rimosso.",
    taken: "Inizia il numero con + e il prefisso internazionale, ad esempio +39 333 123 4567.",
  },
} as const;

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe("security info: phones", () => {
  for (const lang of languages) {
    test(`${lang}: add a mobile, see it masked, change it, remove it after the question`, async () => {
      await runStory(browser, "phones", lang, { javaScript: false }, async (story) => {
        const { t, page, words } = story;
        const w = phoneWords[lang];
        const u = await createSignInUser(t, `telefono.${lang}@comune.example`);
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

        // Typed without the country code: refused, nothing added.
        await page.getByLabel(w.type, { exact: true }).selectOption("mobile");
        await page.getByLabel(w.number, { exact: true }).fill("348 246 8135");
        await navigating(page, () =>
          page.getByRole("button", { name: w.add, exact: true }).click(),
        );
        await story.shot("phone-refused");
        assert.equal((await page.getByRole("alert").textContent())?.trim(), w.taken);
        assert.equal((await listPhoneMethods(t.ctx.store.db, u.user.id)).length, 0);

        await page.getByLabel(w.number, { exact: true }).fill("+39 348 246 8135");
        await navigating(page, () =>
          page.getByRole("button", { name: w.add, exact: true }).click(),
        );
        await story.shot("phone-added");
        assert.equal((await page.getByRole("status").textContent())?.trim(), w.added);
        const section = page.locator("section[aria-labelledby=phones-heading]");
        assert.match((await section.textContent()) ?? "", /\+39 ••• •••• 35/);
        assert.doesNotMatch(await page.content(), /3482468135|348 246 8135/);

        await page.getByLabel(w.newNumber, { exact: true }).fill("+39 347 765 4321");
        await navigating(page, () =>
          page.getByRole("button", { name: w.change, exact: true }).click(),
        );
        await story.shot("phone-changed");
        assert.equal((await page.getByRole("status").textContent())?.trim(), w.changed);
        assert.match((await section.textContent()) ?? "", /\+39 ••• •••• 21/);

        await navigating(page, () =>
          page.getByRole("link", { name: w.remove, exact: true }).click(),
        );
        await expectHeading(
          story,
          lang === "it"
            ? "Rimuovere il telefono +39 ••• •••• 21?"
            : "Remove the phone +39 ••• •••• 21?",
        );
        await story.shot("phone-remove-question");
        await navigating(page, () =>
          page.getByRole("button", { name: w.confirm, exact: true }).click(),
        );
        await story.shot("phone-removed");
        assert.equal((await page.getByRole("status").textContent())?.trim(), w.removed);
        assert.deepEqual(await listPhoneMethods(t.ctx.store.db, u.user.id), []);
      });
    });
  }
});
