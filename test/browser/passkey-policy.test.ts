import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { errorCodes } from "../../src/errors/codes.ts";
import { updateMethodConfiguration } from "../../src/policy/method-configurations/update-method-configuration.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { listPasskeyCredentials } from "../../src/store/queries/passkeys.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { launchBrowser, navigating, runStory, setPolicy, where } from "./harness.ts";
import { addAuthenticator } from "./passkey-steps.ts";
import { passkeyWordsFor } from "./passkey-words.ts";
import { codeNow, expectHeading, nextStep, signIn, typeCode } from "./steps.ts";
import { languages } from "./words.ts";

// What the tenant decides about passkeys, seen in Chromium with its virtual authenticators: a
// model the tenant blocks (Entra's key restrictions) is refused, and an administrator the tenant
// requires phishing-resistant MFA of registers a passkey before reaching the admin pages.

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Chromium's virtual authenticator's AAGUID (device/fido/virtual_ctap2_device.cc). */
const virtualAuthenticator = "01020304-0506-0708-0102-030405060708";

const passkeyRequired = {
  it: "La tua organizzazione richiede una passkey o una chiave di sicurezza: per il tuo account non basta un codice da un'app o via SMS.",
  en: "Your organisation requires a passkey or security key: a code from an app or a text message is not enough for your account.",
};

describe("passkeys under the tenant's policy, in Chromium", () => {
  for (const lang of languages) {
    test(`${lang}: a model the tenant blocks is refused, with the reason`, async () => {
      await runStory(browser, "passkey-model-blocked", lang, { passkeys: true }, async (story) => {
        const { t, page, words } = story;
        const pk = passkeyWordsFor(lang);
        await updateMethodConfiguration(
          t.ctx,
          testActor,
          t.tenant.id,
          "Fido2",
          {
            keyRestrictions: {
              isEnforced: true,
              enforcementType: "block",
              aaGuids: [virtualAuthenticator],
            },
          },
          { sms: false, voice: false },
        );
        const u = await createSignInUser(t, `elena.${lang}@comune.example`);
        await addAuthenticator(story, "securityKey");
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
        await navigating(page, () => page.getByRole("link", { name: pk.add, exact: true }).click());
        await expectHeading(story, pk.newTitle);
        await story.shot("passkey-new");
        await page.getByLabel(pk.name).fill("Chiave vietata");
        await navigating(page, () =>
          page.getByRole("button", { name: pk.create, exact: true }).click(),
        );
        assert.equal(where(page), "/security-info/passkeys/new");
        const alert = await page.getByRole("alert").textContent();
        assert.equal(alert?.trim(), errorCodes.passkey_model_not_allowed[lang]);
        await story.shot("model-refused");
        assert.deepEqual(await listPasskeyCredentials(t.ctx.store.db, u.user.id), []);
      });
    });

    test(`${lang}: an administrator must register a passkey, then the admin pages open`, async () => {
      await runStory(browser, "passkey-admin-strength", lang, { passkeys: true }, async (story) => {
        const { t, page, words } = story;
        const pk = passkeyWordsFor(lang);
        await setPolicy(t, { phishingResistantForAdministrators: true });
        const admin = await createSignInUser(t, `preside.${lang}@comune.example`);
        await assignRole(t.ctx, testActor, admin.user, "globalAdministrator");
        const key = await addAuthenticator(story, "passkey");
        await key.presence(false);
        await signIn(story, admin.upn);
        await story.shot("verify");
        await key.presence(true);
        // The app's code is proven, yet not enough: a passkey is registered before any session.
        await typeCode(
          story,
          page.getByLabel(words.oneTimePassword),
          await codeNow(t, admin.secret),
          words.signIn,
        );
        nextStep(t);
        assert.equal(where(page), "/sign-in/register");
        assert.ok(await page.getByText(passkeyRequired[lang], { exact: true }).isVisible());
        assert.equal(
          await page.getByRole("link", { name: pk.passkeyInstead }).count(),
          0,
          "only the passkey is offered",
        );
        await story.shot("passkey-required");
        await navigating(page, () =>
          page.getByRole("link", { name: words.next, exact: true }).click(),
        );
        assert.equal(where(page), "/sign-in/register/passkey");
        await story.shot("register-passkey");
        await page.getByLabel(pk.name).fill("Portatile della presidenza");
        await navigating(page, () =>
          page.getByRole("button", { name: pk.create, exact: true }).click(),
        );
        assert.equal(where(page), "/security-info");
        await story.shot("signed-in");
        await navigating(page, () => page.goto(story.url("/admin")));
        assert.equal(where(page), "/admin", "the session was proven with a passkey");
        await story.shot("admin");
        const [session] = await t.ctx.store.db
          .selectFrom("sessions")
          .select("second_factor_kind")
          .where("user_id", "=", admin.user.id)
          .execute();
        assert.equal(session?.second_factor_kind, "passkey");
      });
    });
  }
});
