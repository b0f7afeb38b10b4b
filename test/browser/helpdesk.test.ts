import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { assignRole } from "../../src/roles/assign-role.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { launchBrowser, navigating, runStory, where } from "./harness.ts";
import {
  codeNow,
  expectHeading,
  methodRow,
  nextStep,
  openSignIn,
  signIn,
  typeCode,
} from "./steps.ts";
import { languages } from "./words.ts";

// Seed 003, the helpdesk story on the admin pages: a user loses the phone and calls; the
// helpdesk administrator (signed in with MFA) checks who it is, finds the user and issues a
// one-time Temporary Access Pass with the ticket; the user signs in with it in another browser,
// adds a new app and deletes the old one; the audit log page shows each step.

const words = {
  it: {
    users: "Utenti",
    find: "Trova un utente",
    search: "Cerca",
    lifetime: "Durata in minuti",
    ticket: "Ticket della verifica dell'identità",
    tap: "Pass di accesso temporaneo",
    issue: "Rilascia un pass di accesso temporaneo",
    issued: "Pass di accesso temporaneo rilasciato",
    useTap: "Accedi con un pass di accesso temporaneo",
    audit: "Registro di controllo",
    tapIssued: "Rilascio di un pass di accesso temporaneo",
    appRegistered: "Registrazione di un'app di autenticazione",
    appActivated: "Attivazione di un'app di autenticazione",
    methodDeleted: "Eliminazione di un metodo di autenticazione",
    delete: "Elimina",
  },
  en: {
    users: "Users",
    find: "Find a user",
    search: "Search",
    lifetime: "Lifetime in minutes",
    ticket: "Ticket of the identity check",
    tap: "Temporary Access Pass",
    issue: "Issue a Temporary Access Pass",
    issued: "Temporary Access Pass issued",
    useTap: "Sign in with a Temporary Access Pass",
    audit: "Audit log",
    tapIssued: "Temporary Access Pass issued",
    appRegistered: "Authenticator app registered",
    appActivated: "Authenticator app activated",
    methodDeleted: "Authentication method deleted",
    delete: "Delete",
  },
} as const;

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe("the helpdesk story (seed 003)", () => {
  for (const lang of languages) {
    test(`${lang}: lost phone, identity checked, TAP issued on the admin pages, new app, old one deleted, all in the audit log`, async () => {
      await runStory(browser, "helpdesk", lang, {}, async (story) => {
        const { t, page } = story;
        const w = words[lang];
        const helpdesk = await createSignInUser(t, `helpdesk.${lang}@comune.example`);
        await assignRole(t.ctx, testActor, helpdesk.user, "helpdeskAdministrator");
        const user = await createSignInUser(t, `paolo.verdi.${lang}@comune.example`);
        const ticket = `HD-2026-${lang}`;

        // The helpdesk administrator signs in with password and code, like everyone.
        await signIn(story, helpdesk.upn);
        await story.shot("verify");
        await typeCode(
          story,
          page.getByLabel(story.words.oneTimePassword),
          await codeNow(t, helpdesk.secret),
          story.words.signIn,
        );
        nextStep(t);
        await story.shot("security-info");
        await page.goto(story.url("/admin/users"));
        await expectHeading(story, w.users);
        await story.shot("admin-users");
        await page.getByLabel(w.find).fill("paolo.verdi");
        await navigating(page, () =>
          page.getByRole("button", { name: w.search, exact: true }).click(),
        );
        await story.shot("admin-users-found");
        await navigating(page, () => page.getByRole("link", { name: user.upn }).click());
        await expectHeading(story, user.upn);
        await story.shot("admin-user");
        const tapSection = page.getByRole("region", { name: w.tap });
        await tapSection.getByLabel(w.ticket).fill(ticket);
        await navigating(page, () => tapSection.getByRole("button", { name: w.issue }).click());
        await expectHeading(story, w.issued);
        const pass = (await page.locator("#tap-value").textContent())?.trim() ?? "";
        assert.match(pass, /^[34679ACDEFGHJKLMNPQRTUVWXY]{10}$/);
        await story.shot("admin-tap-issued");

        // The user, in a browser of their own.
        const other = await story.another();
        await openSignIn(other);
        await navigating(other.page, () =>
          other.page.getByRole("link", { name: w.useTap }).click(),
        );
        await other.shot("tap-sign-in");
        await other.page.getByLabel(other.words.upn).fill(user.upn);
        await other.page.getByLabel(other.words.tapPass).fill(pass);
        await navigating(other.page, () =>
          other.page.getByRole("button", { name: other.words.signIn, exact: true }).click(),
        );
        assert.equal(where(other.page), "/security-info");
        await other.shot("security-info-with-pass");
        await navigating(other.page, () =>
          other.page.getByRole("link", { name: other.words.newOtp, exact: true }).click(),
        );
        await other.shot("enrol-app");
        await other.page.getByLabel(other.words.otpLabel).fill("nuovo");
        await navigating(other.page, () =>
          other.page.getByRole("button", { name: other.words.next, exact: true }).click(),
        );
        await other.page.getByText(other.words.cannotScan, { exact: true }).click();
        await other.shot("enrol-qr-key");
        const key =
          (await other.page.locator(".secret code").textContent())?.replaceAll(/\s/g, "") ?? "";
        await typeCode(
          other,
          other.page.getByLabel(other.words.enrolCode),
          await codeNow(t, key),
          other.words.next,
        );
        nextStep(t);
        await other.shot("security-info-two-apps");
        const oldRow = other.page
          .getByRole("row")
          .filter({ has: other.page.getByRole("rowheader", { name: "phone" }) });
        // Deleting asks first, on a page of its own.
        await navigating(other.page, () => oldRow.getByRole("link", { name: w.delete }).click());
        await other.shot("confirm-remove-method");
        await navigating(other.page, () =>
          other.page.getByRole("button", { name: w.delete, exact: true }).click(),
        );
        assert.equal((await methodRow(other, "nuovo"))[1], other.words.enabled);
        await other.shot("security-info-new-app-only");

        // Back at the helpdesk: the audit log shows each step, the ticket on the pass.
        await navigating(page, () => page.getByRole("link", { name: w.audit }).click());
        await expectHeading(story, w.audit);
        await story.shot("admin-audit");
        const rows = await page.getByRole("row").allInnerTexts();
        const has = (action: string, actor: string) =>
          rows.some((text) => text.includes(action) && text.includes(actor));
        // Activities in words; names and addresses may wrap at "@" and dots, never mid-word.
        assert.ok(has(w.tapIssued, helpdesk.upn), "the pass, by the helpdesk");
        assert.ok(
          rows.some((text) => text.includes(w.tapIssued) && text.includes(ticket)),
          "with the ticket",
        );
        assert.ok(has(w.appRegistered, user.upn), "the new app, by the user");
        assert.ok(has(w.appActivated, user.upn));
        assert.ok(has(w.methodDeleted, user.upn), "the old app deleted");
      });
    });
  }
});
