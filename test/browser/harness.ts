import assert from "node:assert/strict";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { findTenant } from "../../src/directory/find-tenant.ts";
import type { TenantPolicy } from "../../src/policy/tenant-policy.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { createMailSender } from "../../src/sender/mail-sender.ts";
import { launchChromium } from "../support/chromium.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { type Lang, type Words, wordsFor } from "./words.ts";

// One test file = one Chromium. Each story gets its own Varco app (fresh SQLite database,
// hand-moved clock, HTTP server on 127.0.0.1) and its own browser context: stories share no
// cookie, no user, no policy and no clock, so a file may run its stories side by side.

export const artifactsDir = fileURLToPath(
  new URL("../../test-artifacts/browser/", import.meta.url),
);

export function launchBrowser(): Promise<Browser> {
  mkdirSync(artifactsDir, { recursive: true });
  return launchChromium();
}

type Served = { t: TestApp; baseUrl: string; close(): Promise<void> };

/** A TCP port free on 127.0.0.1 now (the system picks it; closed again at once). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  assert.ok(address && typeof address === "object");
  await new Promise((resolve) => probe.close(resolve));
  return address.port;
}

async function serveTestApp(smtpUrl?: string, passkeys = false): Promise<Served> {
  const t = await openTestApp("sqlite");
  let server: FastifyInstance | undefined;
  try {
    // With an SMTP server, notification e-mails go there instead of the outbox folder.
    const mail = smtpUrl
      ? createMailSender({ smtpUrl, mailFrom: "varco@comune.example", dataDir: t.dataDir })
      : t.ctx.mail;
    // Passkeys need a domain name as the relying party's id, never an IP address: the browser
    // goes to http://localhost:<port> (a secure context), and the port is chosen first so the
    // relying party's origin can name it.
    const port = passkeys ? await freePort() : 0;
    const host = passkeys ? "localhost" : "127.0.0.1";
    const ctx = mail ? { ...t.ctx, mail } : t.ctx;
    const relyingParty = { id: "localhost", origin: `http://localhost:${port}` };
    server = await buildTestServer(passkeys ? { ...ctx, relyingParty } : ctx);
    await server.listen({ host: "127.0.0.1", port });
    const address = server.server.address();
    assert.ok(address && typeof address === "object", "the server listens on a TCP port");
    const listening = server;
    return {
      t,
      baseUrl: `http://${host}:${address.port}`,
      async close() {
        await listening.close();
        await t.close();
      },
    };
  } catch (error) {
    await server?.close();
    await t.close();
    throw error;
  }
}

/** Changes the tenant's policy as an administrator would; the server reads it on each request. */
export async function setPolicy(t: TestApp, changes: Partial<TenantPolicy>): Promise<void> {
  await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), changes);
}

/** What the browser said while the story ran: kept for the report, CSP violations fail it. */
type Diagnostics = {
  readonly console: string[];
  readonly cspViolations: string[];
  readonly pageErrors: string[];
  readonly failedSubresources: string[];
};

export type Story = {
  /** The story's own Varco app: `t.clock` is the server's clock. */
  readonly t: TestApp;
  readonly lang: Lang;
  readonly words: Words;
  readonly javaScript: boolean;
  readonly context: BrowserContext;
  readonly page: Page;
  url(path: string): string;
  /** A full-page screenshot, `<story>-<lang>-<nn>-<name>.png`, and the checks every page gets. */
  shot(name: string): Promise<void>;
  /** The path of another artifact of this story (an element's screenshot, a download). */
  artifact(name: string): string;
  /** Another browser (a new context: no cookies) in the same story, numbered after this one. */
  another(): Promise<Story>;
  /** Closes every context of the story; then fails on CSP violations, page errors, unshot pages. */
  close(options?: { check: boolean }): Promise<void>;
};

const unnamedControl =
  /^\s*- (textbox|checkbox|combobox|radio|spinbutton|searchbox|slider|switch|button|link)(?=$|:| \[)/m;

const cspMessage = /content[- ]security[- ]policy/i;

async function openStory(
  browser: Browser,
  served: Served,
  name: string,
  lang: Lang,
  options: { javaScript?: boolean },
): Promise<Story> {
  const prefix = `${name}-${lang}-`;
  for (const file of readdirSync(artifactsDir)) {
    if (file.startsWith(prefix)) rmSync(join(artifactsDir, file));
  }
  const counter = { shots: 0 };
  const diagnostics: Diagnostics = {
    console: [],
    cspViolations: [],
    pageErrors: [],
    failedSubresources: [],
  };
  const contexts: BrowserContext[] = [];
  const trackers: { count: number; shot: Set<number> }[] = [];
  const javaScript = options.javaScript ?? true;

  const open = async (): Promise<Story> => {
    const context = await browser.newContext({
      locale: lang === "it" ? "it-IT" : "en-GB",
      javaScriptEnabled: javaScript,
      viewport: { width: 800, height: 600 },
    });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    const loads = { count: 0, shot: new Set<number>() };
    trackers.push(loads);
    page.on("load", () => {
      loads.count++;
    });
    page.on("console", (message) => {
      const line = `[${message.type()}] ${page.url()}: ${message.text()}`;
      diagnostics.console.push(line);
      if (cspMessage.test(message.text())) diagnostics.cspViolations.push(line);
    });
    page.on("pageerror", (error) => {
      diagnostics.pageErrors.push(`${page.url()}: ${error.message}`);
      if (cspMessage.test(error.message)) diagnostics.cspViolations.push(error.message);
    });
    page.on("response", (response) => {
      const request = response.request();
      if (request.isNavigationRequest() || response.status() < 400) return;
      diagnostics.failedSubresources.push(`${response.status()} ${request.url()}`);
    });

    const story: Story = {
      t: served.t,
      lang,
      words: wordsFor(lang),
      javaScript,
      context,
      page,
      url: (path) => `${served.baseUrl}${path}`,
      async shot(pageName) {
        await page.waitForLoadState("load");
        counter.shots++;
        const nn = String(counter.shots).padStart(2, "0");
        await page.screenshot({ path: story.artifact(`${nn}-${pageName}.png`), fullPage: true });
        loads.shot.add(loads.count);
        // Every control a person can reach has an accessible name (a label, or its text).
        const tree = await page.locator("body").ariaSnapshot();
        const unnamed = unnamedControl.exec(tree);
        assert.equal(unnamed, null, `an unnamed control on ${page.url()}:\n${tree}`);
        const lang = await page.locator("html").getAttribute("lang");
        assert.equal(lang, story.lang, `<html lang> of ${page.url()}`);
      },
      artifact: (file) => join(artifactsDir, `${prefix}${file}`),
      another: open,
      async close({ check } = { check: true }) {
        for (const c of contexts.splice(0)) await c.close();
        if (!check) return;
        for (const [browser, tracker] of trackers.entries()) {
          for (let load = 1; load <= tracker.count; load++) {
            const which = `page ${load} of browser ${browser + 1} in ${name}-${lang}`;
            assert.ok(tracker.shot.has(load), `${which} has no screenshot`);
          }
        }
        if (diagnostics.console.length + diagnostics.failedSubresources.length > 0) {
          writeFileSync(
            story.artifact("console.txt"),
            [...diagnostics.console, ...diagnostics.failedSubresources.map((f) => `[http] ${f}`)]
              .map((line) => `${line}\n`)
              .join(""),
          );
        }
        assert.deepEqual(diagnostics.cspViolations, [], "Content-Security-Policy violations");
        assert.deepEqual(diagnostics.pageErrors, [], "errors thrown by page scripts");
        const ownFiles = diagnostics.failedSubresources.filter((f) => f.includes("/static/"));
        assert.deepEqual(ownFiles, [], "the page's own stylesheet or script failed to load");
      },
    };
    return story;
  };
  return open();
}

/** Runs a story in a fresh browser context; a failing story still closes its contexts. */
export async function runStory(
  browser: Browser,
  name: string,
  lang: Lang,
  options: { javaScript?: boolean; smtpUrl?: string; passkeys?: boolean },
  body: (story: Story) => Promise<void>,
): Promise<void> {
  const served = await serveTestApp(options.smtpUrl, options.passkeys);
  try {
    const story = await openStory(browser, served, name, lang, options);
    try {
      await body(story);
    } catch (error) {
      await story.close({ check: false });
      throw error;
    }
    await story.close();
  } finally {
    await served.close();
  }
}

/** Runs `action` (a click, a typed code that sends the form) and waits for the next page. */
export async function navigating(page: Page, action: () => Promise<unknown>): Promise<void> {
  const loaded = page.waitForEvent("load");
  await action();
  await loaded;
}

/** The path and query of the page the browser shows. */
export function where(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}
