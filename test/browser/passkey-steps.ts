import assert from "node:assert/strict";
import type { CDPSession } from "playwright-core";
import { navigating, type Story, where } from "./harness.ts";
import { passkeyWordsFor } from "./passkey-words.ts";
import { expectHeading } from "./steps.ts";

/** A virtual authenticator in the story's browser, driven through the DevTools protocol. */
export type VirtualAuthenticator = {
  readonly cdp: CDPSession;
  readonly id: string;
  /** Whether it answers by itself, as a person touching it or unlocking the device would. */
  presence(on: boolean): Promise<void>;
  /** The credentials it holds, with their signature counters. */
  credentials(): Promise<
    { credentialId: string; signCount: number; isResidentCredential: boolean }[]
  >;
};

/**
 * Chromium's virtual authenticator (WebAuthn domain of the DevTools protocol): a passkey (the
 * device's own, user-verifying, discoverable credentials) or a security key (USB, with a PIN,
 * no resident credentials).
 */
export async function addAuthenticator(
  story: Story,
  kind: "passkey" | "securityKey",
): Promise<VirtualAuthenticator> {
  const cdp = await story.context.newCDPSession(story.page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const passkey = kind === "passkey";
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: passkey ? "internal" : "usb",
      hasResidentKey: passkey,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    cdp,
    id: authenticatorId,
    async presence(on) {
      await cdp.send("WebAuthn.setAutomaticPresenceSimulation", { authenticatorId, enabled: on });
    },
    async credentials() {
      const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
      return credentials;
    },
  };
}

/** The cells of Security info's row for the key called `name`: name, type, model, dates. */
export async function passkeyRow(story: Story, name: string): Promise<string[]> {
  const { page } = story;
  const section = page.getByRole("region", { name: passkeyWordsFor(story.lang).section });
  const row = section
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name, exact: false }) });
  assert.equal(await row.count(), 1, `one row for ${name}`);
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text as rendered, what a person reads
  const header = (await row.getByRole("rowheader").innerText()).trim();
  const cells = (await row.getByRole("cell").allInnerTexts()).map((text) => text.trim());
  return [header, ...cells];
}

/** From Security info: "Add a passkey or security key", a name, the browser creates it. */
export async function addFromSecurityInfo(story: Story, name: string): Promise<void> {
  const { page } = story;
  const words = passkeyWordsFor(story.lang);
  await navigating(page, () => page.getByRole("link", { name: words.add, exact: true }).click());
  assert.equal(where(page), "/security-info/passkeys/new");
  await expectHeading(story, words.newTitle);
  await story.shot("passkey-new");
  await page.getByLabel(words.name).fill(name);
  await navigating(page, () =>
    page.getByRole("button", { name: words.create, exact: true }).click(),
  );
  assert.equal(where(page), "/security-info?notice=passkey_added");
  assert.equal((await page.getByRole("status").textContent())?.trim(), words.added);
}
