import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { assignRole } from "../../src/roles/assign-role.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { launchBrowser, navigating, runStory, setPolicy, where } from "./harness.ts";
import {
  codeNow,
  expectFieldError,
  expectHeading,
  nextStep,
  signIn,
  submitPassword,
  typeCode,
} from "./steps.ts";
import { languages } from "./words.ts";

// An administrator resets a user's password on the admin pages, as Entra's "Reset password"
// does: the user's sessions and remembered devices end at once, and with "require a new
// password" (ticked by default) the user's next sign-in asks for one, saying that the
// administrator asks it. A password the rules refuse is said at its field and changes nothing.

const words = {
  it: {
    resetTitle: "Reimposta la password",
    newPassword: "Nuova password",
    forceChange: "Chiedi all'utente di cambiare la password al prossimo accesso",
    ticket: "Ticket della verifica dell'identità",
    tooGuessable:
      "Questa password è troppo comune o facile da indovinare: è una password nota, oppure è fatta di parole, nomi, date o del tuo nome utente. Scegline una più lunga, ad esempio alcune parole senza legame tra loro.",
    done: "La password è stata reimpostata. Sessioni terminate: 1. Dispositivi memorizzati dimenticati: 1.",
    changeTitle: "Scegli una nuova password",
    byAdministrator:
      "L'amministratore ti chiede di scegliere una password tutta tua prima di continuare, non una che ti è stata data.",
    atRisk:
      "L'account potrebbe essere a rischio: scegli una nuova password prima di continuare. Non usare quella vecchia.",
    notAccepted: "La password non rispetta i requisiti.",
    change: "Cambia la password e continua",
  },
  en: {
    resetTitle: "Reset password",
    newPassword: "New password",
    forceChange: "Require this user to change their password at the next sign-in",
    ticket: "Ticket of the identity check",
    tooGuessable:
      "This password is too common or too easy to guess: it is a known password, or made of words, names, dates or your own user name. Choose a longer one, such as a few unrelated words.",
    done: "The password has been reset. Sessions ended: 1. Remembered devices forgotten: 1.",
    changeTitle: "Choose a new password",
    byAdministrator:
      "Your administrator asks you to choose a password of your own before you continue, not one you were given.",
    atRisk:
      "Your account may be at risk: choose a new password before you continue. Do not use the old one.",
    notAccepted: "The password does not meet the requirements.",
    change: "Change password and continue",
  },
} as const;

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe("an administrator resets a user's password on the admin pages", () => {
  for (const lang of languages) {
    test(`${lang}: a weak password is refused at its field; the reset ends the user's session and device, and the next sign-in asks for a new password in the administrator's name`, async () => {
      await runStory(browser, "password-reset", lang, {}, async (story) => {
        const { t, page } = story;
        const w = words[lang];
        await setPolicy(t, { rememberDeviceDays: 30 });
        const helpdesk = await createSignInUser(t, `helpdesk.reset.${lang}@comune.example`);
        await assignRole(t.ctx, testActor, helpdesk.user, "helpdeskAdministrator");
        const u = await createSignInUser(t, `lucia.conti.${lang}@comune.example`);

        // The user is signed in, in a browser remembered for 30 days.
        const user = await story.another();
        await signIn(user, u.upn);
        await user.shot("verify");
        await user.page.getByLabel(user.words.rememberDevice(30)).check();
        await typeCode(
          user,
          user.page.getByLabel(user.words.oneTimePassword),
          await codeNow(t, u.secret),
          user.words.signIn,
        );
        assert.equal(where(user.page), "/security-info");
        await user.shot("security-info");

        // The helpdesk, signed in with password and code, opens the user's page.
        nextStep(t);
        await signIn(story, helpdesk.upn);
        await story.shot("verify");
        await typeCode(
          story,
          page.getByLabel(story.words.oneTimePassword),
          await codeNow(t, helpdesk.secret),
          story.words.signIn,
        );
        await story.shot("security-info");
        await page.goto(story.url(`/admin/users/${u.user.id}`));
        await expectHeading(story, u.upn);
        await story.shot("admin-user");
        const reset = page.getByRole("region", { name: w.resetTitle });
        const force = reset.getByLabel(w.forceChange);
        assert.equal(await force.isChecked(), true, "a new password is asked by default");

        // A password the rules refuse: said at the field, and nothing changes.
        await reset.getByLabel(w.newPassword, { exact: true }).fill("password123");
        await navigating(page, () => reset.getByRole("button", { name: w.resetTitle }).click());
        assert.equal(where(page), `/admin/users/${u.user.id}?error=password_too_guessable`);
        await expectFieldError(
          story,
          reset.getByLabel(w.newPassword, { exact: true }),
          w.tooGuessable,
        );
        await story.shot("admin-user-password-refused");
        await user.page.goto(user.url("/security-info"));
        assert.equal(where(user.page), "/security-info", "the user is still signed in");
        await user.shot("security-info-still");

        // The reset, with the ticket: the user's session and remembered browser end.
        const temporary = "lanterna marina 58";
        await reset.getByLabel(w.newPassword, { exact: true }).fill(temporary);
        await reset.getByLabel(w.ticket).fill(`HD-${lang}-9`);
        await navigating(page, () => reset.getByRole("button", { name: w.resetTitle }).click());
        assert.equal((await page.getByRole("status").textContent())?.trim(), w.done);
        await story.shot("admin-user-password-reset");
        await user.page.goto(user.url("/security-info"));
        assert.equal(where(user.page), "/sign-in", "the user's session has ended");
        await user.shot("signed-out-by-reset");

        // The old password no longer works; the new one asks for the code again (the browser
        // is no longer remembered), then for a password of the user's own, in the
        // administrator's name.
        await submitPassword(user, u.upn);
        assert.equal(where(user.page), "/sign-in");
        await user.shot("old-password-refused");
        await submitPassword(user, u.upn, temporary);
        assert.equal(where(user.page), "/sign-in/verify", "the remembered browser was forgotten");
        await user.shot("verify-after-reset");
        nextStep(t);
        await typeCode(
          user,
          user.page.getByLabel(user.words.oneTimePassword),
          await codeNow(t, u.secret),
          user.words.signIn,
        );
        assert.equal(where(user.page), "/sign-in/change-password");
        await expectHeading(user, w.changeTitle);
        assert.equal(await user.page.getByText(w.byAdministrator, { exact: true }).count(), 1);
        assert.equal(await user.page.getByText(w.atRisk, { exact: true }).count(), 0);
        await user.shot("change-password");

        const field = user.page.getByLabel(w.newPassword, { exact: true });
        await field.fill(temporary);
        await navigating(user.page, () =>
          user.page.getByRole("button", { name: w.change, exact: true }).click(),
        );
        await expectFieldError(
          user,
          user.page.getByLabel(w.newPassword, { exact: true }),
          w.notAccepted,
        );
        assert.equal(await user.page.getByText(w.byAdministrator, { exact: true }).count(), 1);
        await user.shot("change-password-refused");
        await user.page.getByLabel(w.newPassword, { exact: true }).fill("girasole lento 34");
        await navigating(user.page, () =>
          user.page.getByRole("button", { name: w.change, exact: true }).click(),
        );
        assert.equal(where(user.page), "/security-info", "a session, with a password of their own");
        await user.shot("security-info-after-change");
      });
    });
  }
});
