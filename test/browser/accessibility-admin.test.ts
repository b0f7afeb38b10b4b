import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { type SeededAdminApp, serveSeededAdminApp, signInAsAdmin } from "./admin-seed.ts";
import { axeViolations, widths } from "./axe.ts";
import { launchBrowser } from "./harness.ts";

// axe-core's WCAG 2.0 and 2.1 A and AA rules, in Chromium, on every admin page as a seeded Varco
// serves it, in English and Italian at 1280 and 390 px (the other pages: accessibility.test.ts).

describe("accessibility of the admin pages, measured with axe-core", () => {
  let browser: Browser;
  let app: SeededAdminApp;
  before(async () => {
    browser = await launchBrowser();
    app = await serveSeededAdminApp();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const lang of ["en", "it"] as const) {
    test(`${lang}: every admin page, nothing found`, async () => {
      const context = await browser.newContext({
        locale: lang === "it" ? "it-IT" : "en-GB",
        bypassCSP: true,
      });
      const page = await context.newPage();
      await signInAsAdmin(page, app, lang);
      const found: string[] = [];
      for (const width of widths) {
        await page.setViewportSize({ width, height: 900 });
        for (const [name, path] of Object.entries(app.paths)) {
          await page.goto(`${app.baseUrl}${path}`);
          for (const violation of await axeViolations(page))
            found.push(`${width}px ${name}: ${violation}`);
        }
      }
      await context.close();
      assert.deepEqual(found, []);
    });
  }
});
