import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { createUser } from "../../src/directory/create-user.ts";
import { listPasskeyCredentials } from "../../src/store/queries/passkeys.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import type { TestApp } from "../support/test-app.ts";
import { testActor } from "../support/test-app.ts";
import { launchBrowser, navigating, runStory, type Story, where } from "./harness.ts";
import { addAuthenticator, addFromSecurityInfo, passkeyRow } from "./passkey-steps.ts";
import { passkeyWordsFor } from "./passkey-words.ts";
import {
  codeNow,
  expectHeading,
  nextStep,
  openSignIn,
  signIn,
  signOut,
  submitPassword,
  typeCode,
} from "./steps.ts";
import { languages } from "./words.ts";

// Passkeys and security keys in Chromium, with its virtual authenticators (the DevTools
// protocol's WebAuthn domain) in place of a fingerprint reader or a USB key. The pages are
// served at http://localhost:<port>, the relying party's origin: passkeys need a domain name.
// A virtual authenticator with presence simulation answers at once, the passkey autofill
// (conditional mediation) too: a story turns presence off while a person would not touch it.

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const optionsOfAutofill = "**/api/v1/sign-in/passwordless/options";

/** Holds the autofill's options call until the page has been looked at; then lets it go. */
async function holdAutofill(page: Page): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(optionsOfAutofill, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** The code prompt: "Use a passkey or security key" signs in, or is refused with the message. */
async function usePasskeyAtPrompt(story: Story): Promise<void> {
  const words = passkeyWordsFor(story.lang);
  await expectHeading(story, story.words.verifyTitle);
  await story.shot("verify-with-passkey");
  await navigating(story.page, () =>
    story.page.getByRole("button", { name: words.usePasskey, exact: true }).click(),
  );
}

/** A row's action for one key: "Rename", and the key's name for a screen reader. */
const forKey = (action: string, name: string) => new RegExp(`^${action}\\s*:\\s*${name}$`);

const userId = async (t: TestApp, upn: string) =>
  (
    await t.ctx.store.db
      .selectFrom("users")
      .select("id")
      .where("upn", "=", upn)
      .executeTakeFirstOrThrow()
  ).id;

describe("passkeys in Chromium", () => {
  for (const lang of languages) {
    test(`${lang}: a passkey as method 1, then after the password, then alone from the user name's autofill`, async () => {
      await runStory(browser, "passkey-first", lang, { passkeys: true }, async (story) => {
        const { t, page, words } = story;
        const pk = passkeyWordsFor(lang);
        const upn = `ada.${lang}@comune.example`;
        await createUser(t.ctx, testActor, t.tenant, { upn, password: testPassword });
        const key = await addAuthenticator(story, "passkey");

        // First sign-in: "Protect your account" offers a passkey next to the app.
        await signIn(story, upn);
        assert.equal(where(page), "/sign-in/register");
        await story.shot("register-intro");
        await navigating(page, () =>
          page.getByRole("link", { name: pk.passkeyInstead, exact: true }).click(),
        );
        assert.equal(where(page), "/sign-in/register/passkey");
        await expectHeading(story, pk.newTitle);
        assert.equal(await page.getByText(words.methodOneOfOne, { exact: true }).count(), 1);
        await story.shot("register-passkey");
        await page.getByLabel(pk.name).fill("Portatile");
        await navigating(page, () =>
          page.getByRole("button", { name: pk.create, exact: true }).click(),
        );
        // The first method made: the backup codes, once.
        await expectHeading(story, words.backupCodesTitle);
        await story.shot("backup-codes");
        await navigating(page, () =>
          page.getByRole("link", { name: words.backupCodesContinue, exact: true }).click(),
        );
        assert.equal(where(page), "/security-info");
        const [name, kind] = await passkeyRow(story, "Portatile");
        assert.equal(name, "Portatile");
        assert.equal(kind, pk.passkey);
        await story.shot("security-info");
        assert.equal((await key.credentials()).length, 1, "the authenticator holds the passkey");

        // After the password, the passkey is the second factor (the person does not pick it
        // from the autofill: the authenticator is not touched until the code prompt).
        await key.presence(false);
        await signOut(story);
        await submitPassword(story, upn);
        assert.equal(where(page), "/sign-in/verify");
        await key.presence(true);
        await usePasskeyAtPrompt(story);
        assert.equal(where(page), "/security-info");
        await story.shot("signed-in-with-passkey");

        // Alone: the sign-in page's user name field offers the passkey (conditional mediation).
        await key.presence(false);
        await signOut(story);
        await key.presence(true);
        const release = await holdAutofill(page);
        await page.goto(story.url("/sign-in"));
        assert.equal(
          await page.getByLabel(words.upn).getAttribute("autocomplete"),
          "username webauthn",
        );
        assert.ok(await page.getByRole("button", { name: pk.signInWithPasskey }).isVisible());
        await story.shot("sign-in-autofill");
        await navigating(page, async () => release());
        assert.equal(where(page), "/security-info");
        await story.shot("signed-in-without-password");
        const [line] = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
        assert.deepEqual([line?.first_factor, line?.result], ["passkey", "success"]);
      });
    });

    test(`${lang}: a security key added on Security info, then the second factor`, async () => {
      await runStory(browser, "passkey-security-key", lang, { passkeys: true }, async (story) => {
        const { t, page, words } = story;
        const pk = passkeyWordsFor(lang);
        const u = await createSignInUser(t, `bruno.${lang}@comune.example`);
        const key = await addAuthenticator(story, "securityKey");
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
        await addFromSecurityInfo(story, "Chiave blu");
        const [, kind] = await passkeyRow(story, "Chiave blu");
        assert.equal(kind, pk.securityKey);
        await story.shot("security-info-with-key");
        const [held] = await key.credentials();
        assert.equal(held?.isResidentCredential, false, "a security key keeps no resident key");

        await signOut(story);
        await signIn(story, u.upn);
        await usePasskeyAtPrompt(story);
        assert.equal(where(page), "/security-info");
        await story.shot("signed-in-with-security-key");
      });
    });

    test(`${lang}: a key whose counter went backwards is refused, and flagged`, async () => {
      await runStory(browser, "passkey-cloned", lang, { passkeys: true }, async (story) => {
        const { t, page, words } = story;
        const pk = passkeyWordsFor(lang);
        const u = await createSignInUser(t, `carla.${lang}@comune.example`);
        const key = await addAuthenticator(story, "passkey");
        await signIn(story, u.upn);
        await story.shot("verify");
        await typeCode(
          story,
          page.getByLabel(words.oneTimePassword),
          await codeNow(t, u.secret),
          words.signIn,
        );
        nextStep(t);
        await story.shot("security-info");
        await addFromSecurityInfo(story, "Telefono");
        await story.shot("security-info-with-key");

        // A copy of the key signed meanwhile: the store's counter is ahead of this one's.
        const owner = await userId(t, u.upn);
        await t.ctx.store.db
          .updateTable("passkey_credentials")
          .set({ sign_count: 1000 })
          .where("user_id", "=", owner)
          .execute();
        await key.presence(false);
        await signOut(story);
        await submitPassword(story, u.upn);
        await key.presence(true);
        await usePasskeyAtPrompt(story);
        assert.equal(where(page), "/sign-in/verify?error=passkey_failed");
        assert.equal((await page.getByRole("alert").textContent())?.trim(), pk.failed);
        await story.shot("verify-passkey-refused");
        const [stored] = await listPasskeyCredentials(t.ctx.store.db, owner);
        assert.notEqual(stored?.cloned_at, null, "the credential is flagged as possibly cloned");

        // The app's code still signs in; Security info shows the flag.
        await typeCode(
          story,
          page.getByLabel(words.oneTimePassword),
          await codeNow(t, u.secret),
          words.signIn,
        );
        nextStep(t);
        const [name] = await passkeyRow(story, "Telefono");
        assert.equal(name, `Telefono ${pk.cloned}`);
        await story.shot("security-info-flagged");
      });
    });

    test(`${lang}: rename and delete a passkey on Security info`, async () => {
      await runStory(browser, "passkey-rename-remove", lang, { passkeys: true }, async (story) => {
        const { t, page, words } = story;
        const pk = passkeyWordsFor(lang);
        const u = await createSignInUser(t, `dario.${lang}@comune.example`);
        await addAuthenticator(story, "passkey");
        await openSignIn(story);
        await submitPassword(story, u.upn);
        await story.shot("verify");
        await typeCode(
          story,
          page.getByLabel(words.oneTimePassword),
          await codeNow(t, u.secret),
          words.signIn,
        );
        nextStep(t);
        await story.shot("security-info");
        await addFromSecurityInfo(story, "Portatile");
        await story.shot("security-info-with-key");

        await navigating(page, () =>
          page.getByRole("link", { name: forKey(pk.rename, "Portatile") }).click(),
        );
        await expectHeading(story, pk.renameTitle);
        await story.shot("rename");
        await page.getByLabel(pk.nameField, { exact: true }).fill("Portatile di casa");
        await navigating(page, () =>
          page.getByRole("button", { name: pk.saveName, exact: true }).click(),
        );
        assert.equal(where(page), "/security-info?notice=passkey_renamed");
        assert.equal((await page.getByRole("status").textContent())?.trim(), pk.renamed);
        assert.equal((await passkeyRow(story, "Portatile di casa"))[0], "Portatile di casa");
        await story.shot("renamed");

        await navigating(page, () =>
          page.getByRole("link", { name: forKey(words.deleteMethod, "Portatile di casa") }).click(),
        );
        await expectHeading(story, pk.removeTitle("Portatile di casa"));
        await story.shot("confirm-remove");
        await navigating(page, () =>
          page.getByRole("button", { name: words.deleteMethod, exact: true }).click(),
        );
        assert.equal(where(page), "/security-info?notice=passkey_removed");
        assert.equal((await page.getByRole("status").textContent())?.trim(), pk.removed);
        const section = page.getByRole("region", { name: pk.section });
        assert.equal(await section.getByRole("row").count(), 0, "no key is listed");
        await story.shot("removed");
        const audit = await t.ctx.store.db
          .selectFrom("audit_log")
          .select("action")
          .where("action", "in", ["Rename passkey", "Delete passkey"])
          .execute();
        assert.deepEqual(audit.map((row) => row.action).sort(), [
          "Delete passkey",
          "Rename passkey",
        ]);
      });
    });
  }
});
