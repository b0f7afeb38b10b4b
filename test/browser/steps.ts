import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Locator } from "playwright-core";
import { oathtoolTotp } from "../support/oathtool.ts";
import { testPassword } from "../support/sign-in-user.ts";
import type { TestApp } from "../support/test-app.ts";
import { navigating, type Story, where } from "./harness.ts";

// The steps a person takes, shared by the stories. Fields are found by their label
// (getByLabel), buttons and links by their role and name: finding them proves they are named.

const run = promisify(execFile);

/** The code the authenticator app shows now, by the server's clock (the test app's clock). */
export function codeNow(t: TestApp, secret: string): Promise<string> {
  return oathtoolTotp(secret, { timeMs: t.clock.now() });
}

/** The next time step: a code is never typed twice in one step unless a story means it. */
export function nextStep(t: TestApp): void {
  t.clock.advance(30_000);
}

/** Six digits that are not the code of the previous, current or next step. */
export async function wrongCode(t: TestApp, secret: string): Promise<string> {
  const now = t.clock.now();
  const near = await Promise.all(
    [-30_000, 0, 30_000].map((delta) => oathtoolTotp(secret, { timeMs: now + delta })),
  );
  for (let n = 1; ; n++) {
    const candidate = String((Number(near[1]) + n * 111_111) % 1_000_000).padStart(6, "0");
    if (!near.includes(candidate)) return candidate;
  }
}

/** What zbarimg reads in a PNG file. */
export async function decodeQr(file: string): Promise<string> {
  const { stdout } = await run("/usr/bin/zbarimg", ["--raw", "-q", file]);
  return stdout.replace(/\n$/, "");
}

/** Opens the sign-in page from the address bar. */
export async function openSignIn(story: Story): Promise<void> {
  await story.page.goto(story.url("/sign-in"));
  await expectHeading(story, story.words.signInTitle);
  await story.shot("sign-in");
}

/** Types the user name and password on the sign-in page shown now, and sends them. */
export async function submitPassword(
  story: Story,
  upn: string,
  password = testPassword,
): Promise<void> {
  const { page, words } = story;
  await page.getByLabel(words.upn).fill(upn);
  await page.getByLabel(words.password, { exact: true }).fill(password);
  await navigating(page, () =>
    page.getByRole("button", { name: words.signIn, exact: true }).click(),
  );
}

/** From the address bar to whatever follows the password. */
export async function signIn(story: Story, upn: string): Promise<void> {
  await openSignIn(story);
  await submitPassword(story, upn);
}

/** Types a code the way a person does, then presses the button: no field sends its form by itself. */
export async function typeCode(
  story: Story,
  field: Locator,
  code: string,
  button: string,
): Promise<void> {
  await navigating(story.page, async () => {
    await field.fill(code);
    await story.page.getByRole("button", { name: button, exact: true }).click();
  });
}

export async function expectHeading(story: Story, text: string): Promise<void> {
  const heading = story.page.getByRole("heading", { level: 1 });
  assert.equal((await heading.textContent())?.trim(), text, `h1 of ${where(story.page)}`);
}

/**
 * The field shows an error a screen reader announces with it: aria-invalid, and the message
 * among the elements aria-describedby names, in an element with role=alert.
 */
export async function expectFieldError(
  story: Story,
  field: Locator,
  message: string,
): Promise<void> {
  assert.equal(await field.getAttribute("aria-invalid"), "true", "aria-invalid on the field");
  const ids = (await field.getAttribute("aria-describedby"))?.split(/\s+/) ?? [];
  const descriptions = await Promise.all(
    ids.map((id) => story.page.locator(`[id="${id}"]`).textContent()),
  );
  assert.ok(
    descriptions.some((text) => text?.trim() === message),
    `"${message}" describes the field (aria-describedby: ${ids.join(" ")})`,
  );
  const alert = story.page.getByRole("alert").filter({ hasText: message });
  assert.equal(await alert.count(), 1, "the message is announced (role=alert)");
}

/** Presses "Sign out" in the header and lands on the sign-in page with the notice. */
export async function signOut(story: Story): Promise<void> {
  const { page, words } = story;
  await navigating(page, () =>
    page.getByRole("button", { name: words.signOut, exact: true }).click(),
  );
  assert.equal(where(page), "/sign-in?notice=signed_out");
  assert.equal((await page.getByRole("status").textContent())?.trim(), words.signedOut);
  await story.shot("signed-out");
}

/** The cells of the security info page's row for the OTP entry called `label`. */
export async function methodRow(story: Story, label: string): Promise<string[]> {
  const { page } = story;
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: label }) });
  assert.equal(await row.count(), 1, `one row for ${label}`);
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text as rendered, what a person reads
  const header = (await row.getByRole("rowheader").innerText()).trim();
  const cells = (await row.getByRole("cell").allInnerTexts()).map((text) => text.trim());
  return [header, ...cells];
}

/** The security info page's sentence about backup codes. */
export async function expectBackupCodesLeft(story: Story, n: number): Promise<void> {
  const section = story.page.getByRole("region", { name: story.words.backupCodesList });
  const sentence = section.getByText(story.words.backupCodesLeft(n), { exact: true });
  assert.equal(await sentence.count(), 1, `"${story.words.backupCodesLeft(n)}" is shown`);
}
