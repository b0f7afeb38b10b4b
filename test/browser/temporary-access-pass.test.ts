import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { issueTemporaryAccessPass } from "../../src/methods/temporary-access-pass/issue.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { launchBrowser, navigating, runStory, where } from "./harness.ts";
import {
  codeNow,
  expectFieldError,
  expectHeading,
  methodRow,
  nextStep,
  openSignIn,
  signIn,
  signOut,
  typeCode,
} from "./steps.ts";
import { languages } from "./words.ts";

// Seed 003, the helpdesk story: a user loses the phone; the helpdesk checks who they are and
// issues a one-time Temporary Access Pass; the user signs in with it, adds a new app, deletes
// the old one, and from then on signs in with password and the new app. The audit log shows
// each step, with the helpdesk's ticket.

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe("Temporary Access Pass from the helpdesk", () => {
  for (const lang of languages) {
    test(`${lang}: lost phone, pass, new app, old app deleted, the pass works once`, async () => {
      await runStory(browser, "temporary-access-pass", lang, {}, async (story) => {
        const { t, page, words } = story;
        const u = await createSignInUser(t, `marco.bini.${lang}@comune.example`);
        const helpdesk = { type: "cli", id: null, name: "helpdesk", ticket: `HD-${lang}` } as const;
        const { pass } = await issueTemporaryAccessPass(t.ctx, helpdesk, t.tenant, u.user, {
          usableOnce: true,
        });

        await openSignIn(story);
        await navigating(page, () => page.getByRole("link", { name: words.useTap }).click());
        await expectHeading(story, words.tapTitle);
        await story.shot("tap-sign-in");
        const enterPass = async (typed: string) => {
          await page.getByLabel(words.upn).fill(u.upn);
          await page.getByLabel(words.tapPass).fill(typed);
          await navigating(page, () =>
            page.getByRole("button", { name: words.signIn, exact: true }).click(),
          );
        };
        await enterPass(`${pass.slice(0, -1)}${pass.endsWith("X") ? "Y" : "X"}`);
        await expectHeading(story, words.tapTitle);
        await expectFieldError(story, page.getByLabel(words.tapPass), words.invalidPass);
        await story.shot("tap-sign-in-wrong");
        await enterPass(pass);
        assert.equal(where(page), "/security-info");
        await story.shot("security-info-with-pass");

        await navigating(page, () =>
          page.getByRole("link", { name: words.newOtp, exact: true }).click(),
        );
        await story.shot("enrol-app");
        await page.getByLabel(words.otpLabel).fill("nuovo");
        await navigating(page, () =>
          page.getByRole("button", { name: words.next, exact: true }).click(),
        );
        await page.getByText(words.cannotScan, { exact: true }).click();
        await story.shot("enrol-qr-key");
        const key = (await page.locator(".secret code").textContent())?.replaceAll(/\s/g, "");
        assert.ok(key, "the key is shown");
        await typeCode(story, page.getByLabel(words.enrolCode), await codeNow(t, key), words.next);
        nextStep(t);
        assert.equal(where(page), "/security-info?notice=method_added");
        await story.shot("security-info-two-apps");

        const oldRow = page
          .getByRole("row")
          .filter({ has: page.getByRole("rowheader", { name: "phone" }) });
        // Deleting asks first, on a page of its own.
        await navigating(page, () =>
          oldRow.getByRole("link", { name: words.deleteMethod }).click(),
        );
        await story.shot("confirm-remove-method");
        await navigating(page, () =>
          page.getByRole("button", { name: words.deleteMethod, exact: true }).click(),
        );
        assert.equal(where(page), "/security-info?notice=method_removed");
        assert.equal((await page.getByRole("status").textContent())?.trim(), words.methodRemoved);
        assert.equal((await methodRow(story, "nuovo"))[1], words.enabled);
        assert.equal(await page.getByRole("rowheader", { name: "phone" }).count(), 0);
        await story.shot("security-info-new-app-only");
        await signOut(story);

        // The pass was one-time: it is refused now, and the new app is what signs in.
        await page.goto(story.url("/sign-in/tap"));
        await story.shot("tap-sign-in-again");
        await enterPass(pass);
        await expectFieldError(story, page.getByLabel(words.tapPass), words.invalidPass);
        await story.shot("tap-sign-in-spent");
        await signIn(story, u.upn);
        await story.shot("verify-new-app");
        await typeCode(
          story,
          page.getByLabel(words.oneTimePassword),
          await codeNow(t, key),
          words.signIn,
        );
        assert.equal(where(page), "/security-info");
        await story.shot("security-info-signed-in-with-new-app");

        const actions = (await listAudit(t.ctx.store.db, t.tenant.id, 20))
          .reverse()
          .map((entry) => [entry.action, entry.actor_name, JSON.parse(entry.details_json).ticket]);
        const since = actions.findIndex(([action]) => action === "Create temporary access pass");
        assert.deepEqual(actions.slice(since), [
          ["Create temporary access pass", "helpdesk", `HD-${lang}`],
          ["Register authenticator app", u.upn, undefined],
          ["Activate authenticator app", u.upn, undefined],
          ["Delete authentication method", u.upn, undefined],
          ["Revoke session", u.upn, undefined],
        ]);
      });
    });
  }
});
