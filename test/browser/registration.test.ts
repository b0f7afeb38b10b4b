import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { createUser } from "../../src/directory/create-user.ts";
import { listMethods } from "../../src/store/queries/methods.ts";
import { testPassword } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { launchBrowser, navigating, runStory, type Story, where } from "./harness.ts";
import {
  codeNow,
  decodeQr,
  expectBackupCodesLeft,
  expectFieldError,
  expectHeading,
  methodRow,
  nextStep,
  signIn,
  typeCode,
  wrongCode,
} from "./steps.ts";
import { type Lang, languages } from "./words.ts";

// Seeds 000 and 004: a user with a password and no method signs in, is made to register an
// authenticator app ("Proteggi l'account", method 1 of 1), names the entry, scans the QR code,
// types the app's code, gets 12 backup codes and sees the entry on the security info page.
// The same story runs with JavaScript and without it (story 8): every step must work as plain
// HTML forms.

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const users: Record<string, string> = {
  "registration-it": "mario.rossi@comune.example",
  "registration-en": "jane.doe@example.org",
  "registration-no-js-it": "giulia.bianchi@comune.example",
  "registration-no-js-en": "john.smith@example.org",
};

async function registerNewUser(story: Story, name: string): Promise<void> {
  const { t, page, words } = story;
  const upn = users[`${name}-${story.lang}`] as string;
  const user = await createUser(t.ctx, testActor, t.tenant, { upn, password: testPassword });

  // Password first; with no method yet, registration is required before any session.
  await signIn(story, upn);
  assert.equal(where(page), "/sign-in/register");
  await expectHeading(story, words.protectTitle);
  assert.equal(await page.getByText(words.methodOneOfOne, { exact: true }).count(), 1);
  await story.shot("register-intro");
  await navigating(page, () => page.getByRole("button", { name: words.next }).click());

  // The entry's label (seed 004 "Etichetta OTP": PC-casa).
  assert.equal(where(page), "/sign-in/register/app");
  await expectHeading(story, words.newAppTitle);
  await story.shot("enrol-app");
  await page.getByLabel(words.otpLabel).fill("PC-casa");
  await navigating(page, () => page.getByRole("button", { name: words.next }).click());

  // The QR page.
  assert.match(where(page), /^\/sign-in\/register\/qr\?method=[0-9a-f-]{36}$/);
  await expectHeading(story, words.qrTitle);
  assert.equal(await page.getByText(words.methodOneOfOne, { exact: true }).count(), 1);
  await story.shot("enrol-qr");

  const qrFile = story.artifact("qr-element.png");
  await page.getByRole("img", { name: words.qrImage, exact: true }).screenshot({ path: qrFile });
  const scanned = await decodeQr(qrFile);

  // "I can't scan": the key in groups of four and the otpauth link, behind a <details>.
  await page.getByText(words.cannotScan, { exact: true }).click();
  await story.shot("enrol-qr-key");
  const link = page.getByRole("link", { name: words.addToApp, exact: true });
  const shownUri = await link.getAttribute("href");
  assert.ok(shownUri, "the page shows the otpauth link");
  assert.equal(scanned, shownUri, "the QR code holds the URI the page shows");

  const uri = new URL(shownUri);
  assert.equal(uri.protocol, "otpauth:");
  assert.equal(uri.host, "totp");
  assert.ok(decodeURIComponent(uri.pathname).endsWith(`:${upn}`), `the account is ${upn}`);
  const secret = uri.searchParams.get("secret") ?? "";
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text as rendered, what a person reads
  const key = (await page.locator(".secret code").innerText()).trim();
  assert.match(key, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/, "the key is shown in groups of four");
  assert.equal(key.replaceAll(" ", ""), secret, "the key is the URI's secret");

  // The PNG download holds the same URI.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: words.qrDownload, exact: true }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "varco-qr.png");
  const pngFile = story.artifact("qr-download.png");
  copyFileSync(await download.path(), pngFile);
  assert.equal(await decodeQr(pngFile), shownUri, "the downloaded PNG holds the same URI");

  const pending = await listMethods(t.ctx.store.db, user.id);
  assert.deepEqual(
    pending.map((m) => [m.label, m.state]),
    [["PC-casa", "pending"]],
  );

  // A wrong code: the error is tied to the field and the entry stays pending.
  const codeField = page.getByLabel(words.enrolCode);
  await typeCode(story, codeField, await wrongCode(t, secret), words.next);
  await expectHeading(story, words.qrTitle);
  await expectFieldError(story, page.getByLabel(words.enrolCode), words.invalidCode);
  await story.shot("enrol-qr-wrong-code");
  await page.getByText(words.cannotScan, { exact: true }).click();
  assert.equal(
    await page.getByRole("link", { name: words.addToApp, exact: true }).getAttribute("href"),
    shownUri,
    "the same key is offered again",
  );
  assert.equal((await listMethods(t.ctx.store.db, user.id))[0]?.state, "pending");

  // The app's code: the 12 backup codes come next.
  await typeCode(story, page.getByLabel(words.enrolCode), await codeNow(t, secret), words.next);
  nextStep(t);
  await expectHeading(story, words.backupCodesTitle);
  const codes = await page
    .getByRole("list", { name: words.backupCodesList })
    .getByRole("listitem")
    .allInnerTexts();
  assert.equal(codes.length, 12);
  for (const code of codes) assert.match(code.trim(), /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  assert.equal(new Set(codes).size, 12);
  // Printing needs the browser's print dialog: the button is there only with JavaScript.
  const print = page.getByRole("button", { name: words.printCodes, exact: true });
  assert.equal(await print.isVisible(), story.javaScript, "the print button");
  await story.shot("backup-codes");

  await navigating(page, () =>
    page.getByRole("link", { name: words.backupCodesContinue, exact: true }).click(),
  );
  assert.equal(where(page), "/security-info");
  await expectHeading(story, words.securityInfoTitle);
  const [label, state, failed] = await methodRow(story, "PC-casa");
  assert.match(label ?? "", /^PC-casa\b/);
  assert.equal(state, words.enabled);
  assert.equal(failed, "0 / 10", "seed 004: Tentativi falliti 0 / 10");
  await expectBackupCodesLeft(story, 12);
  await story.shot("security-info");
  assert.equal((await listMethods(t.ctx.store.db, user.id))[0]?.state, "active");
}

for (const javaScript of [true, false]) {
  const name = javaScript ? "registration" : "registration-no-js";
  const title = javaScript ? "registration (seeds 000, 004)" : "registration without JavaScript";
  describe(title, () => {
    for (const lang of languages satisfies readonly Lang[]) {
      test(`${lang}: password, Protect your account, label, QR, code, backup codes, security info`, async () => {
        await runStory(browser, name, lang, { javaScript }, (story) =>
          registerNewUser(story, name),
        );
      });
    }
  });
}
