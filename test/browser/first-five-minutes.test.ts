import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { oathtoolTotp } from "../support/oathtool.ts";
import { artifactsDir, launchBrowser, navigating, where } from "./harness.ts";
import { wordsFor } from "./words.ts";

// The README's "first five minutes", as a newcomer follows it: `varco serve` on an empty data
// folder says what to do next; `varco setup` prints a one-time pass; in Chromium the
// administrator signs in with it, chooses a password, registers an authenticator app, reaches
// the admin pages and creates a user. The server and the CLI are the real program, as child
// processes; the authenticator app is oathtool, at the real time.

const root = join(import.meta.dirname, "../..");
const main = join(root, "src/cli/main.ts");
const words = wordsFor("en");

type Serving = { child: ChildProcess; stdout: () => string; stderr: () => string };

function cleanEnv(env: Record<string, string>): Record<string, string | undefined> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("VARCO_")),
  );
  return { ...clean, ...env };
}

/** `node src/cli/main.ts serve`, what `npm start` runs; resolves once it listens. */
async function serve(env: Record<string, string>): Promise<Serving> {
  const child = spawn(process.execPath, [main, "serve"], {
    cwd: root,
    env: cleanEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const deadline = Date.now() + 20_000;
  while (!stdout.includes('"msg":"Server listening at ')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`serve did not start:\n${stdout}\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  // The hint follows the first log lines; give it the moment it takes.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { child, stdout: () => stdout, stderr: () => stderr };
}

async function stop(serving: Serving | undefined): Promise<void> {
  if (!serving || serving.child.exitCode !== null) return;
  const closed = once(serving.child, "close");
  serving.child.kill("SIGTERM");
  await closed;
}

function varco(env: Record<string, string>, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [main, ...args],
      { cwd: root, env: cleanEnv(env), timeout: 30_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  assert.ok(address && typeof address === "object");
  return address.port;
}

let browser: Browser;
let dataDir: string;
let serving: Serving | undefined;
before(async () => {
  browser = await launchBrowser();
  dataDir = await mkdtemp(join(tmpdir(), "varco-first-run-"));
});
after(async () => {
  await stop(serving);
  await browser?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: join(artifactsDir, `first-five-minutes-en-${name}.png`),
    fullPage: true,
  });
}

async function expectHeading(page: Page, text: string): Promise<void> {
  const heading = page.getByRole("heading", { level: 1 });
  assert.equal((await heading.textContent())?.trim(), text, `h1 of ${where(page)}`);
}

test("from an empty data folder to a second user, as the README tells it", async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    VARCO_DATA_DIR: join(dataDir, "data"),
    VARCO_PORT: String(port),
    VARCO_PUBLIC_URL: base,
  };

  // 1. `npm start`: the JSON log on standard output, the next step on standard error.
  serving = await serve(env);
  const hint = serving.stderr();
  assert.match(hint, new RegExp(`^Varco is listening on ${base}\\.$`, "m"));
  assert.match(
    hint,
    /^ {2}npm run varco -- setup --admin-upn admin@school\.it --domain school\.it$/m,
  );
  assert.doesNotMatch(serving.stdout(), /setup --admin-upn/, "the log stays JSON lines");

  // 2. The command the hint names, while the server runs.
  const printed = await varco(env, [
    ...["setup", "--admin-upn", "admin@school.it", "--domain", "school.it"],
    ...["--display-name", "Scuola Media"],
  ]);
  const pass = /^pass: +(\S+)$/m.exec(printed)?.[1];
  const signInUrl = /^Sign in at (\S+)$/m.exec(printed)?.[1];
  assert.ok(pass && signInUrl, printed);
  assert.equal(signInUrl, `${base}/t/school/sign-in/tap`);

  // 3. The administrator opens the address and signs in with the user name and the pass.
  const context = await browser.newContext({
    locale: "en-GB",
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(10_000);
  try {
    const page = await context.newPage();
    await page.goto(signInUrl);
    await expectHeading(page, words.tapTitle);
    assert.equal((await page.getByText("Scuola Media").count()) > 0, true, "the tenant's name");
    await shot(page, "01-tap-sign-in");
    await page.getByLabel(words.upn).fill("admin@school.it");
    await page.getByLabel(words.tapPass).fill(pass);
    await navigating(page, () =>
      page.getByRole("button", { name: words.signIn, exact: true }).click(),
    );

    // 4. A password of their own, before anything else.
    assert.equal(where(page), "/sign-in/change-password");
    await expectHeading(page, "Choose a new password");
    await shot(page, "02-choose-password");
    await page.getByLabel("New password", { exact: true }).fill("quiet harbour lantern seventeen");
    await navigating(page, () =>
      page.getByRole("button", { name: "Change password and continue" }).click(),
    );

    // 5. Registration: the authenticator app, its key read from the page, its code by oathtool.
    assert.equal(where(page), "/sign-in/register");
    await expectHeading(page, words.protectTitle);
    await shot(page, "03-protect-account");
    await navigating(page, () => page.getByRole("button", { name: words.next }).click());
    await page.getByLabel(words.otpLabel).fill("phone");
    await navigating(page, () => page.getByRole("button", { name: words.next }).click());
    await expectHeading(page, words.qrTitle);
    await page.getByText(words.cannotScan, { exact: true }).click();
    await shot(page, "04-scan-qr");
    const uri = await page
      .getByRole("link", { name: words.addToApp, exact: true })
      .getAttribute("href");
    const secret = new URL(uri ?? "otpauth://totp/x").searchParams.get("secret") ?? "";
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    const code = await oathtoolTotp(secret, { timeMs: Date.now() });
    await page.getByLabel(words.enrolCode).fill(code);
    await navigating(page, () =>
      page.getByRole("button", { name: words.next, exact: true }).click(),
    );
    await expectHeading(page, words.backupCodesTitle);
    await shot(page, "05-backup-codes");
    await navigating(page, () =>
      page.getByRole("link", { name: words.backupCodesContinue, exact: true }).click(),
    );
    assert.equal(where(page), "/security-info");

    // 6. Signed in: the header leads to the admin pages.
    await shot(page, "06-signed-in");
    await navigating(page, () => page.getByRole("link", { name: "Administration" }).click());
    assert.equal(where(page), "/admin/users");
    await shot(page, "07-admin");

    // 7. A first user, from the admin page's form.
    await page.getByLabel("Username (UPN)").fill("mario.rossi@school.it");
    await page.getByLabel("Name", { exact: true }).fill("Mario Rossi");
    await page.getByLabel("Password", { exact: true }).fill("amber orchard violin nineteen");
    await navigating(page, () => page.getByRole("button", { name: "Create user" }).click());
    await shot(page, "08-user-created");
    assert.match(where(page), /^\/admin\/users\//);
    assert.ok(
      (await page.getByText("mario.rossi@school.it").count()) > 0,
      "the new user's page shows their name",
    );
  } finally {
    await context.close();
  }

  // 8. Mario, in a browser of his own, at the plain sign-in page: his domain finds the school,
  // and his first password leads to the same registration.
  const mario = await browser.newContext({ locale: "en-GB" });
  mario.setDefaultTimeout(10_000);
  try {
    const page = await mario.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel(words.upn).fill("mario.rossi@school.it");
    await navigating(page, () => page.getByRole("button", { name: words.next }).click());
    // The password page names no tenant (that would tell which domains exist); the next does.
    assert.equal(await page.getByText("Scuola Media").count(), 0, "no tenant before the password");
    await page.getByLabel(words.password, { exact: true }).fill("amber orchard violin nineteen");
    await navigating(page, () =>
      page.getByRole("button", { name: words.signIn, exact: true }).click(),
    );
    await shot(page, "09-mario-signs-in");
    assert.equal(where(page), "/sign-in/register");
    await expectHeading(page, words.protectTitle);
    assert.ok((await page.getByText("Scuola Media").count()) > 0, "the school's page");
  } finally {
    await mario.close();
  }

  // 9. The tenant is set up: the next start says nothing of setup.
  await stop(serving);
  serving = await serve(env);
  assert.doesNotMatch(serving.stderr(), /setup|no administrator/i);
  await stop(serving);
});
