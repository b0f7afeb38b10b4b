import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser, runStory } from "./harness.ts";

// Every story fails when Chromium reports a Content-Security-Policy violation on any page it
// visits (harness.ts listens to "console" and "pageerror"). This canary proves that listener
// works: an inline style forced into a real Varco page must be refused and make the story fail.

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("an inline style on a Varco page is refused, and the story reports it", async () => {
  await assert.rejects(
    runStory(browser, "csp-canary", "en", {}, async (story) => {
      const { page } = story;
      await page.goto(story.url("/sign-in"));
      await story.shot("sign-in");
      const refused = page.waitForEvent("console", (message) =>
        /Content Security Policy/i.test(message.text()),
      );
      await page.addStyleTag({ content: "h1 { color: red }" }).catch(() => undefined);
      await refused;
    }),
    /Content-Security-Policy violations/,
  );
});
