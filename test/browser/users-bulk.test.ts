import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { upnKey } from "../../src/directory/upn.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { findUserByUpn } from "../../src/store/queries/users.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { launchBrowser, navigating, runStory } from "./harness.ts";
import { codeNow, expectHeading, nextStep, signIn, typeCode } from "./steps.ts";

// Entra's bulk create on the admin pages: the template downloaded from the page, filled in and
// uploaded (with the progress bar of varco.js), the outcome and the refused rows as CSV.

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe("bulk create on the admin pages", () => {
  test("en: download the template, fill it in, upload it, read the outcome and the refused rows", async () => {
    await runStory(browser, "users-bulk", "en", {}, async (story) => {
      const { t, page } = story;
      const admin = await createSignInUser(t, "bulk.admin@comune.example");
      await assignRole(t.ctx, testActor, admin.user, "userAdministrator");
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
      await page.goto(story.url("/admin/users"));
      await story.shot("admin-users");
      await navigating(page, () => page.getByRole("link", { name: "Bulk create (CSV)" }).click());
      await expectHeading(story, "Bulk create users");
      await story.shot("admin-users-bulk");

      const downloading = page.waitForEvent("download");
      await page.getByRole("link", { name: "Download the template (CSV)" }).click();
      const template = await readFile((await (await downloading).path()) as string, "utf8");
      assert.match(template, /^version:v1\.0\r\nName \[displayName\] Required,/);
      const file = story.artifact("bulk-create.csv");
      await writeFile(
        file,
        `${template}"Bianchi, Lucia",lucia.bianchi@comune.example,violet kettle harbour 92,No\n` +
          "Debole,debole@comune.example,password,No\n",
      );
      await page.getByLabel("File", { exact: true }).setInputFiles(file);
      await navigating(page, () =>
        page.getByRole("button", { name: "Create the users", exact: true }).click(),
      );
      await expectHeading(story, "Upload finished");
      await story.shot("admin-users-bulk-outcome");
      assert.match(await page.locator("main").innerText(), /Users created: 1\. Rows refused: 1\./);
      const errorsDownload = page.waitForEvent("download");
      await page.getByRole("link", { name: "Download the refused rows (CSV)" }).click();
      const errors = await readFile((await (await errorsDownload).path()) as string, "utf8");
      assert.match(
        errors,
        /^line,userPrincipalName,displayName,code,error\r\n4,debole@comune\.example,Debole,password_too_guessable,/,
      );
      const lucia = await findUserByUpn(
        t.ctx.store.db,
        t.tenant.id,
        upnKey("lucia.bianchi@comune.example"),
      );
      assert.equal(lucia?.displayName, "Bianchi, Lucia");
    });
  });
});
