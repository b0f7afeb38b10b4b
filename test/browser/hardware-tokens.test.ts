import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { assignRole } from "../../src/roles/assign-role.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { launchBrowser, navigating, runStory, where } from "./harness.ts";
import { codeNow, expectHeading, nextStep, signIn, typeCode } from "./steps.ts";
import { languages } from "./words.ts";

// Seed 002 on the admin pages: upload a CSV (with a progress bar), download the refused rows,
// assign a token, activate it with the code it shows (from oathtool).

const words = {
  it: {
    tokens: "Token hardware",
    file: "File",
    upload: "Carica",
    done: "Caricamento completato",
    download: "Scarica le righe rifiutate (CSV)",
    back: "Torna ai token hardware",
    serial: "Numero di serie",
    upn: "Nome utente",
    assign: "Assegna",
    code: "Il codice che il token mostra ora",
    activate: "Attiva",
    active: "Il token è attivo.",
  },
  en: {
    tokens: "Hardware tokens",
    file: "File",
    upload: "Upload",
    done: "Upload finished",
    download: "Download the refused rows (CSV)",
    back: "Back to the hardware tokens",
    serial: "Serial number",
    upn: "Username",
    assign: "Assign",
    code: "The code the token shows now",
    activate: "Activate",
    active: "The token is active.",
  },
} as const;

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe("hardware tokens on the admin pages", () => {
  for (const lang of languages) {
    test(`${lang}: upload with progress, refused rows as CSV, assign, activate with the token's code`, async () => {
      await runStory(browser, "hardware-tokens", lang, {}, async (story) => {
        const { t, page } = story;
        const w = words[lang];
        const admin = await createSignInUser(t, `it.admin.${lang}@comune.example`);
        await assignRole(t.ctx, testActor, admin.user, "privilegedAuthenticationAdministrator");
        const user = await createSignInUser(t, `lucia.token.${lang}@comune.example`);
        const key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        const file = story.artifact("upload.csv");
        await writeFile(
          file,
          [
            "upn,serial number,secret key,time interval,manufacturer,model",
            `,TK-${lang}-1,${key},30,Contoso,HardwareKey`,
            `,TK-${lang}-2,not-base32!,30,Contoso,HardwareKey`,
          ].join("\n"),
        );

        await signIn(story, admin.upn);
        await story.shot("verify");
        await typeCode(
          story,
          page.getByLabel(story.words.oneTimePassword),
          await codeNow(t, admin.secret),
          story.words.signIn,
        );
        nextStep(t);
        await story.shot("security-info");
        await page.goto(story.url("/admin/tokens"));
        await expectHeading(story, w.tokens);
        await story.shot("admin-tokens");
        await page.getByLabel(w.file, { exact: true }).setInputFiles(file);
        await navigating(page, () =>
          page.getByRole("button", { name: w.upload, exact: true }).click(),
        );
        await expectHeading(story, w.done);
        await story.shot("admin-token-import");
        const downloading = page.waitForEvent("download");
        await page.getByRole("link", { name: w.download }).click();
        const download = await downloading;
        const errors = await readFile((await download.path()) as string, "utf8");
        assert.match(errors, new RegExp(`TK-${lang}-2`));
        assert.ok(!errors.includes(key));

        await navigating(page, () => page.getByRole("link", { name: w.back }).click());
        await story.shot("admin-tokens-after-upload");
        await page.locator("#assign-serial").fill(`TK-${lang}-1`);
        await page.getByLabel(w.upn).fill(user.upn);
        await navigating(page, () =>
          page.getByRole("button", { name: w.assign, exact: true }).click(),
        );
        await story.shot("admin-token-assigned");
        await page.locator("#activate-serial").fill(`TK-${lang}-1`);
        await page.getByLabel(w.code).fill(await codeNow(t, key));
        await navigating(page, () =>
          page.getByRole("button", { name: w.activate, exact: true }).click(),
        );
        assert.match(where(page), /notice=token_activated/);
        assert.equal((await page.getByRole("status").textContent())?.trim(), w.active);
        await story.shot("admin-token-activated");
      });
    });
  }
});
