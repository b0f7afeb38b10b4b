import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { qrSvg } from "../../src/web/qr.ts";
import {
  type Language,
  type PageModels,
  type PageName,
  renderPage,
} from "../../src/web/render-page.ts";
import { securityHeaders } from "../../src/web/security-headers.ts";
import { launchChromium } from "../support/chromium.ts";
import {
  focusState,
  horizontalOverflow,
  lowContrastText,
  unlabelledControls,
} from "./browser-checks.ts";
import { commonModel, otpauthUri, sampleModels, variantModels } from "./sample-models.ts";
import { decodeQrPng } from "./zbar.ts";

// Each page is served to Chromium the way Varco serves it, over HTTP: with the real security headers
// (so any inline style or script would be refused and reported), the stylesheet and the script
// from /static/. Screenshots go to test-artifacts/web/ for a person to look at.

let origin = "";
const artifacts = new URL("../../test-artifacts/web/", import.meta.url);
const staticFiles: Record<string, { type: string; body: string }> = {
  "/static/varco.css": {
    type: "text/css; charset=utf-8",
    body: readFileSync(new URL("../../src/web/static/varco.css", import.meta.url), "utf8"),
  },
  "/static/varco.js": {
    type: "text/javascript; charset=utf-8",
    body: readFileSync(new URL("../../src/web/static/varco.js", import.meta.url), "utf8"),
  },
  "/static/passkey.js": {
    type: "text/javascript; charset=utf-8",
    body: readFileSync(new URL("../../src/web/static/passkey.js", import.meta.url), "utf8"),
  },
  "/static/webauthn/simplewebauthn-browser.js": {
    type: "text/javascript; charset=utf-8",
    body: readFileSync(
      new URL(
        "../../node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js",
        import.meta.url,
      ),
      "utf8",
    ),
  },
};

const svg = await qrSvg(otpauthUri);
const samples = sampleModels(svg);
const pageNames = Object.keys(samples) as PageName[];
const languages: Language[] = ["en", "it"];

type Submission = { path: string; form: URLSearchParams };

/** The served pages, and what was posted to the origin. */
const served = new Map<string, string>();
const submissions: Submission[] = [];

function html(page: PageName, lang: Language, model: object = samples[page]): string {
  return renderPage(
    page,
    model as PageModels[typeof page],
    commonModel(lang, page === "security-info"),
  );
}

/** A small server for the pages, the static files and the forms' posts. */
function startServer(): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const file = staticFiles[url.pathname];
    if (file) {
      response.writeHead(200, {
        "content-type": file.type,
        "x-content-type-options": "nosniff",
        "cache-control": "max-age=3600",
      });
      response.end(file.body);
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method === "POST") {
        const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
        submissions.push({ path: url.pathname, form });
      }
      const body = served.get(url.pathname) ?? "<!doctype html><title>ok</title><p>ok";
      response.writeHead(200, { ...securityHeaders(), "content-type": "text/html; charset=utf-8" });
      response.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Opens a page and fails on anything the browser complains about (CSP first of all). */
async function open(page: Page, path: string, body: string): Promise<string[]> {
  const complaints: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error" && message.type() !== "warning") return;
    complaints.push(message.text());
  });
  page.on("pageerror", (error) => complaints.push(error.message));
  served.set(path, body);
  await page.goto(`${origin}${path}`);
  return complaints;
}

async function waitForSubmission(count: number): Promise<Submission | undefined> {
  for (let waited = 0; waited < 3000 && submissions.length < count; waited += 25) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return submissions[count - 1];
}

describe("pages in Chromium", () => {
  let browser: Browser;
  let desktop: BrowserContext;
  let mobile: BrowserContext;
  let noScript: BrowserContext;

  let server: Server;

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startServer();
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    desktop = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: "en-GB" });
    mobile = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    noScript = await browser.newContext({
      viewport: { width: 800, height: 600 },
      javaScriptEnabled: false,
    });
  });
  after(async () => {
    await browser.close();
    server.close();
  });

  test("every page: no CSP or script complaint, labelled fields, AA contrast; screenshots", async () => {
    const page = await desktop.newPage();
    const cases = [
      ...languages.flatMap((lang) =>
        pageNames.map((name) => ({ file: `${name}-${lang}`, body: html(name, lang) })),
      ),
      ...variantModels().map((variant) => ({
        file: `${variant.name}-it`,
        body: html(variant.page, "it", variant.model),
      })),
    ];
    for (const { file, body } of cases) {
      const complaints = await open(page, `/page/${file}`, body);
      assert.deepEqual(await page.evaluate(unlabelledControls), [], `${file}: unlabelled`);
      assert.deepEqual(await page.evaluate(lowContrastText), [], `${file}: contrast`);
      await page.screenshot({ path: new URL(`${file}.png`, artifacts).pathname, fullPage: true });
      assert.deepEqual(complaints, [], `${file}: console`);
      page.removeAllListeners("console");
      page.removeAllListeners("pageerror");
    }
    await page.close();
  });

  test("every page fits a 360px phone screen without sideways scrolling", async () => {
    const page = await mobile.newPage();
    for (const name of pageNames) {
      await open(page, `/mobile/${name}`, html(name, "it"));
      assert.equal(await page.evaluate(horizontalOverflow), 0, `${name} scrolls sideways`);
      await page.screenshot({
        path: new URL(`${name}-it-mobile.png`, artifacts).pathname,
        fullPage: true,
      });
    }
    await page.close();
  });

  test("the keyboard reaches every control, and focus is always visible", async () => {
    const page = await desktop.newPage();
    for (const name of ["sign-in", "verify", "enrol-qr", "security-info"] as const) {
      await open(page, `/keyboard/${name}`, html(name, "en"));
      await page.evaluate("document.activeElement && document.activeElement.blur()");
      const seen: string[] = [];
      let outside = 0;
      for (let press = 0; press < 80 && outside < 3; press++) {
        await page.keyboard.press("Tab");
        const state = (await page.evaluate(focusState)) as {
          name: string;
          visible: boolean;
          onScreen: boolean;
        } | null;
        // Past the last control focus leaves the page for a press or two, then starts over.
        if (state === null) {
          outside++;
          continue;
        }
        if (seen.includes(state.name)) break;
        seen.push(state.name);
        assert.ok(state.visible && state.onScreen, `${name}: ${state.name} has no visible focus`);
        // verify's code field has autofocus, so its first Tab leaves the code field.
        if (press === 0 && name !== "verify") {
          assert.match(state.name, /^A .*Skip to main content/, `${name}: the skip link first`);
          await page.screenshot({ path: new URL(`${name}-en-focus-skip.png`, artifacts).pathname });
        }
      }
      assert.ok(seen.length >= 4, `${name}: only ${seen.join(", ")}`);
    }
    await page.focus("#main form button >> nth=1");
    await page.screenshot({
      path: new URL("security-info-en-focus-button.png", artifacts).pathname,
    });
    await page.close();
  });

  test("the QR code on the enrolment page scans", async () => {
    const page = await desktop.newPage();
    await open(page, "/qr", html("enrol-qr", "en"));
    assert.equal(await decodeQrPng(await page.locator(".qr svg").screenshot()), otpauthUri);
    await page.close();
  });

  test("the label field's pattern accepts what the server accepts", async () => {
    const page = await desktop.newPage();
    await open(page, "/label", html("enrol-app", "en", { action: "/label-post" }));
    const label = page.locator("#label");
    for (const [value, valid] of [
      ["PC-casa", true],
      ["Tablet_2", true],
      ["a".repeat(20), true],
      ["PC casa", false],
      ["città", false],
    ] as const) {
      await label.fill(value);
      assert.equal(
        await label.evaluate((input) =>
          (input as unknown as { checkValidity(): boolean }).checkValidity(),
        ),
        valid,
        value,
      );
    }
    await label.fill("a".repeat(21));
    assert.equal(await label.inputValue(), "a".repeat(20), "maxlength stops the 21st character");
    await page.close();
  });

  test("with JavaScript: the countdown runs; a complete code waits for the person to send it", async () => {
    const page = await desktop.newPage();
    await open(page, "/js/verify", html("verify", "en"));
    assert.match(
      (await page.locator("[data-countdown]").textContent()) ?? "",
      /^The code changes in \d{1,2} s\.$/,
    );
    assert.equal(await page.locator("[data-countdown]").isVisible(), true);
    // Typing the last digit changes nothing by itself (WCAG 3.2.2): no page on its own.
    const before = submissions.length;
    const single = variantModels().find((variant) => variant.name === "verify-single");
    for (const [path, body, code] of [
      ["/js/verify", html("verify", "en"), "123456"],
      ["/js/enrol-qr", html("enrol-qr", "en"), "654321"],
      ["/js/verify-single", html("verify", "it", single?.model), "111 222"],
    ] as const) {
      await open(page, path, body);
      await page.locator("#code").pressSequentially(code);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(submissions.length, before, `${path} was sent without the button`);
    }
    await page.locator("main button[type=submit]").first().click();
    const sent = await waitForSubmission(before + 1);
    assert.equal(sent?.path, "/sign-in/verify");
    assert.equal(sent?.form.get("code"), "111 222");
    assert.equal(sent?.form.get("methodId"), "m1");
    await page.waitForURL(`${origin}/sign-in/verify`);

    await open(page, "/js/print", html("backup-codes", "en"));
    assert.equal(await page.locator("[data-print] button").isVisible(), true);
    await page.close();
  });

  test("without JavaScript: forms post, the manual key opens, nothing needs a script", async () => {
    const page = await noScript.newPage();
    const before = submissions.length;
    await open(page, "/nojs/sign-in", html("sign-in", "it", {}));
    await page.locator("#upn").fill("s.sagliocco@comune.pisa.it");
    await page.locator("#password").fill("correct horse");
    await page.locator("main button[type=submit]").click();
    const sent = await waitForSubmission(before + 1);
    assert.equal(sent?.path, "/sign-in");
    assert.equal(sent?.form.get("upn"), "s.sagliocco@comune.pisa.it");
    assert.equal(sent?.form.get("password"), "correct horse");
    assert.equal(sent?.form.get("_csrf"), "csrf-token-AbC_123-xyz");
    await page.waitForURL(`${origin}/sign-in`);

    await open(page, "/nojs/enrol-qr", html("enrol-qr", "it"));
    assert.equal(await page.locator(".secret").isVisible(), false);
    await page.locator("summary").click();
    assert.equal(await page.locator(".secret").isVisible(), true);
    await page.screenshot({
      path: new URL("enrol-qr-it-manual.png", artifacts).pathname,
      fullPage: true,
    });
    await page.locator("#code").fill("123456");
    await page.keyboard.press("Enter");
    assert.equal((await waitForSubmission(before + 2))?.form.get("code"), "123456");
    await page.waitForURL(`${origin}/sign-in/register/app/verify`);

    await open(page, "/nojs/print", html("backup-codes", "it"));
    assert.equal(await page.locator("[data-print] button").isVisible(), false, "no dead button");
    await page.emulateMedia({ media: "print" });
    await page.screenshot({
      path: new URL("backup-codes-it-print.png", artifacts).pathname,
      fullPage: true,
    });
    await page.close();
  });
});
