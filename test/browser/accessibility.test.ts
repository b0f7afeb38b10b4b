import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { qrSvg } from "../../src/web/qr.ts";
import {
  type Language,
  type PageModels,
  type PageName,
  renderPage,
} from "../../src/web/render-page.ts";
import { securityHeaders } from "../../src/web/security-headers.ts";
import { commonModel, otpauthUri, sampleModels, variantModels } from "../web/sample-models.ts";
import { axeViolations, widths } from "./axe.ts";
import { launchBrowser } from "./harness.ts";

// axe-core's WCAG 2.0 and 2.1 A and AA rules, in Chromium, on every page in English and Italian
// at 1280 and 390 px: every page but the admin ones (accessibility-admin.test.ts), rendered from
// its sample model and served with Varco's own headers, stylesheet and script.

const languages: Language[] = ["en", "it"];

/** Serves rendered pages at /page/<name>, the static files at /static/, as Varco does. */
function servePages(pages: Map<string, string>): Promise<Server> {
  const files: Record<string, [string, string]> = {
    "/static/varco.css": ["text/css; charset=utf-8", "varco.css"],
    "/static/varco.js": ["text/javascript; charset=utf-8", "varco.js"],
  };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const file = files[path];
    if (file) {
      const body = readFileSync(new URL(`../../src/web/static/${file[1]}`, import.meta.url));
      response.writeHead(200, { "content-type": file[0] });
      response.end(body);
      return;
    }
    response.writeHead(pages.has(path) ? 200 : 404, {
      ...securityHeaders(),
      "content-type": "text/html; charset=utf-8",
    });
    response.end(pages.get(path) ?? "");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("accessibility, measured with axe-core", () => {
  let browser: Browser;
  let server: Server;
  const pages = new Map<string, string>();
  before(async () => {
    browser = await launchBrowser();
    const samples = sampleModels(await qrSvg(otpauthUri));
    const base = (Object.keys(samples) as PageName[])
      .filter((name) => !name.startsWith("admin-"))
      .map((name): [string, PageName, object] => [name, name, samples[name]]);
    const models: [string, PageName, object][] = [
      ...base,
      ...variantModels()
        .filter((variant) => !variant.page.startsWith("admin-"))
        .map((variant): [string, PageName, object] => [variant.name, variant.page, variant.model]),
    ];
    for (const lang of languages) {
      // The variants (errors, empty lists, other states) in Italian, whose words run longest.
      for (const [name, page, model] of lang === "it" ? models : models.slice(0, base.length)) {
        const common = commonModel(lang, page === "security-info");
        pages.set(
          `/page/${lang}/${name}`,
          renderPage(page, model as PageModels[typeof page], common),
        );
      }
    }
    server = await servePages(pages);
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  // Every page in two languages and at each width: longer than one test's default on a busy machine.
  test("the sign-in, registration and security-info pages: nothing found", {
    timeout: 300_000,
  }, async () => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const found: string[] = [];
    for (const width of widths) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of pages.keys()) {
        await page.goto(`${origin}${path}`);
        for (const violation of await axeViolations(page))
          found.push(`${width}px ${path}: ${violation}`);
      }
    }
    await context.close();
    assert.deepEqual(found, []);
  });
});
