import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { activities } from "../../src/web/admin-words.ts";
import { type SeededAdminApp, serveSeededAdminApp, signInAsAdmin } from "./admin-seed.ts";
import { artifactsDir, launchBrowser } from "./harness.ts";

// Every admin page, at a desktop's 1280 px and a phone's 390 px, in English and Italian, reads
// as words: no stored value shows raw (a result, a reason, a method kind, a role, a risk state,
// an activity), nothing scrolls sideways, no action lies off-screen, and no name or address is
// set to break inside a word.

/** Stored values that are plain lowercase words: shown alone in a cell, they would be raw. */
const plainValues = [
  "success",
  "failure",
  "interrupted",
  "active",
  "pending",
  "disabled",
  "dismissed",
  "remediated",
  "high",
  "none",
  "used",
  "expired",
  "available",
  "assigned",
  "activated",
  "block",
  "sms",
  "voice",
  "sent",
  "delivered",
  "undelivered",
  "calling",
  "approved",
  "denied",
  "fraud",
  "primary",
  "secondary",
  "registration",
  "validate",
];
/** Words in the pages that look like code but are names: a product and a platform. */
const names = new Set(["privacyIDEA", "iOS"]);

/** The raw tokens the visible text holds: camelCase, snake_case, audit names, lone enum words. */
const rawTokens = (activityNames: string[], plain: string[]) => `(() => {
  const text = document.body.innerText;
  const found = [];
  for (const word of text.split(/[\\s,;:()"«»]+/)) {
    if (/[@/]|\\.[a-z]/.test(word)) continue; // an address, a path or a host name
    if (/^[a-z]+(?:[A-Z][a-z0-9]*)+$/.test(word) || /^[a-z0-9]+(?:_[a-z0-9]+)+$/.test(word))
      found.push(word);
  }
  for (const cell of document.querySelectorAll("td, dd, .badge, option, th[scope=row]")) {
    const value = cell.textContent.trim();
    if (${JSON.stringify(plain)}.includes(value)) found.push(value);
  }
  if (document.documentElement.lang === "it") {
    for (const name of ${JSON.stringify(activityNames)}) if (text.includes(name)) found.push(name);
  }
  return found;
})()`;

/** What sticks out past the right edge of the window, and how far the page scrolls sideways. */
const overflow = `(() => {
  const width = window.innerWidth;
  const out = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    if (box.right > width + 0.5) out.push(element.tagName + "." + element.className + " " + JSON.stringify((element.textContent || "").trim().slice(0, 40)) + " right=" + Math.round(box.right));
  }
  return { scroll: document.documentElement.scrollWidth - width, out: out.slice(0, 5) };
})()`;

/** Elements with an "@" in their text that are allowed to break anywhere in a word. */
const midWordBreaks = `(() => {
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    if (![...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.includes("@"))) continue;
    const style = getComputedStyle(element);
    if (style.overflowWrap === "anywhere" || style.wordBreak === "break-all") found.push(element.textContent.trim());
  }
  return found;
})()`;

describe("admin pages people can read", () => {
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
    test(`${lang}: every admin page, at 1280 and 390 px, shows words and fits`, async () => {
      const context = await browser.newContext({
        locale: lang === "it" ? "it-IT" : "en-GB",
        viewport: { width: 1280, height: 900 },
      });
      const page: Page = await context.newPage();
      await signInAsAdmin(page, app, lang);
      const problems: string[] = [];
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        for (const [name, path] of Object.entries(app.paths)) {
          const response = await page.goto(`${app.baseUrl}${path}`);
          assert.equal(response?.status(), 200, `${name} opens`);
          const where = `${lang} ${width}px ${name}`;
          const raw = (await page.evaluate(
            rawTokens(Object.keys(activities), plainValues),
          )) as string[];
          const shown = raw.filter((token) => !names.has(token));
          if (shown.length > 0) problems.push(`${where}: raw values ${shown.join(", ")}`);
          const { scroll, out } = (await page.evaluate(overflow)) as {
            scroll: number;
            out: string[];
          };
          if (scroll > 0) problems.push(`${where}: scrolls sideways by ${scroll}px`);
          if (out.length > 0) problems.push(`${where}: off-screen ${out.join("; ")}`);
          const broken = (await page.evaluate(midWordBreaks)) as string[];
          if (broken.length > 0) problems.push(`${where}: may break mid-word ${broken.join(", ")}`);
          await page.screenshot({
            path: `${artifactsDir}/admin-readable-${lang}-${width}-${name}.png`,
            fullPage: true,
          });
        }
      }
      await context.close();
      assert.deepEqual(problems, []);
    });
  }

  test("blocked, locked out and enabled are different words, each user in its own state", async () => {
    const context = await browser.newContext({ locale: "it-IT" });
    const page = await context.newPage();
    await signInAsAdmin(page, app, "it");
    await page.goto(`${app.baseUrl}/admin/users`);
    const statusOf = async (upn: string) =>
      (
        await page
          .getByRole("row")
          .filter({ hasText: upn.split("@")[0] ?? upn })
          .locator(".badge")
          .allTextContents()
      ).join(" + ");
    const { enabled, blocked, lockedOut, fraud } = app.users;
    assert.equal(await statusOf(enabled.upn), "Abilitato");
    assert.equal(await statusOf(blocked.upn), "Bloccato");
    assert.equal(await statusOf(lockedOut.upn), "Bloccato per troppi tentativi");
    assert.equal(await statusOf(fraud.upn), "Bloccato");
    const badges = await page
      .locator(".badge-blocked, .badge-locked")
      .evaluateAll((all) => all.map((b) => (b as unknown as { className: string }).className));
    assert.ok(badges.includes("badge badge-blocked") && badges.includes("badge badge-locked"));

    await page.goto(`${app.baseUrl}${app.paths.userFraud}`);
    const status = (await page.locator("dl.facts dd").nth(4).textContent()) ?? "";
    assert.match(status, /^Bloccato dopo la segnalazione di un accesso non effettuato dall'utente/);
    await page.goto(`${app.baseUrl}${app.paths.signIns}`);
    const body = await page.locator("main").innerText();
    for (const words of ["Codice non valido", "Bloccato per troppi tentativi", "Password errata"]) {
      assert.ok(body.includes(words), `the sign-in log says "${words}"`);
    }
    await page.goto(`${app.baseUrl}${app.paths.userEnabled}`);
    assert.match(await page.locator("dl.facts").innerText(), /Amministratore del supporto tecnico/);
    assert.match(await page.locator("main").innerText(), /App di autenticazione/);
    await context.close();
  });
});
