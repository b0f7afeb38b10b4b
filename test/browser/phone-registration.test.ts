import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { createUser } from "../../src/directory/create-user.ts";
import { updatePhoneSettings } from "../../src/phone-settings/update-phone-settings.ts";
import { listPhoneMethods } from "../../src/store/queries/phone-methods.ts";
import { enablePhoneMethods } from "../support/phone-tenant.ts";
import { testPassword } from "../support/sign-in-user.ts";
import { codeOf } from "../support/sms-code-of.ts";
import { startTestSmsc, type TestSmsc } from "../support/smsc.ts";
import { testActor } from "../support/test-app.ts";
import { launchBrowser, navigating, runStory, type Story, setPolicy, where } from "./harness.ts";
import { codeNow, decodeQr, expectHeading, nextStep, signIn, signOut, typeCode } from "./steps.ts";
import { type Lang, languages } from "./words.ts";

// Seed 000, "Proteggi l'account": method 1 of 2 is the authenticator app, method 2 of 2 the
// phone. The user types a number, gets a code by SMS (read back here from the test SMSC, as the
// phone would show it), can ask for it again, types it, and sees "Verifica completata. Il
// telefono è stato registrato." At the next sign-in, "Invia un SMS" signs in with a new code.

const words = {
  it: {
    methodOneOfTwo: "Metodo 1 di 2",
    phoneStep: "Metodo 2 di 2: Telefono",
    phoneHeading: "Telefono",
    phoneIntro: "Puoi dimostrare chi sei ricevendo un codice sul telefono.",
    country: "Paese o area geografica",
    number: "Numero di telefono",
    receiveCode: "Ricevere un codice",
    rates: "È possibile che vengano applicate le tariffe per messaggi e dati.",
    codeSent: (n: string) =>
      `Un codice di 6 cifre è stato appena inviato a ${n}. Immettere il codice più avanti.`,
    code: "Immettere il codice",
    resend: "Invia di nuovo il codice",
    resendIn: /^Puoi chiedere un nuovo codice tra \d+ secondi\.$/,
    done: "Verifica completata. Il telefono è stato registrato.",
    textMe: (masked: string) => `Invia un SMS al ${masked}`,
    smsTitle: "Immetti il codice",
    signInButton: "Accedi",
    cooldown: "Un codice è stato inviato poco fa: attendi un momento prima di chiederne un altro.",
  },
  en: {
    methodOneOfTwo: "Method 1 of 2",
    phoneStep: "Method 2 of 2: Phone",
    phoneHeading: "Phone",
    phoneIntro: "You can prove who you are by getting a code on your phone.",
    country: "Country or region",
    number: "Phone number",
    receiveCode: "Receive a code",
    rates: "Message and data rates may apply.",
    codeSent: (n: string) => `A 6-digit code was just sent to ${n}. Enter the code below.`,
    code: "Enter the code",
    resend: "Send the code again",
    resendIn: /^You can ask for a new code in \d+ seconds\.$/,
    done: "Verification complete. Your phone was registered.",
    textMe: (masked: string) => `Text ${masked}`,
    smsTitle: "Enter the code",
    signInButton: "Sign in",
    cooldown: "A code was sent a moment ago: wait a little before asking for another.",
  },
} satisfies Record<Lang, unknown>;

let browser: Browser;
let smsc: TestSmsc;
before(async () => {
  browser = await launchBrowser();
  smsc = await startTestSmsc();
});
after(async () => {
  await browser?.close();
  await smsc?.close();
});

const people: Record<Lang, { upn: string; national: string }> = {
  it: { upn: "chiara.verdi@comune.example", national: "329 482 3973" },
  en: { upn: "sam.jones@example.org", national: "329 482 3974" },
};

async function twoMethods(story: Story): Promise<void> {
  const { t, page } = story;
  const say = words[story.lang];
  const { upn, national } = people[story.lang];
  const e164 = `+39${national.replaceAll(" ", "")}`;
  const shown = `+39 ${national.replaceAll(" ", "")}`;
  await setPolicy(t, { requiredMethodCount: 2 });
  await updatePhoneSettings(t.ctx, testActor, t.tenant.id, {
    smsPrimary: {
      kind: "smpp",
      host: "127.0.0.1",
      port: smsc.port,
      tls: false,
      systemId: "varco",
      password: "secret1",
      sourceAddress: "Varco",
    },
  });
  await enablePhoneMethods(t, ["Sms"]);
  const user = await createUser(t.ctx, testActor, t.tenant, { upn, password: testPassword });

  // Method 1 of 2: the app, as in the registration story.
  await signIn(story, upn);
  assert.equal(where(page), "/sign-in/register");
  assert.equal(await page.getByText(say.methodOneOfTwo, { exact: true }).count(), 1);
  await story.shot("register-intro");
  await navigating(page, () =>
    page.getByRole("button", { name: story.words.next, exact: true }).click(),
  );
  await story.shot("enrol-app");
  await page.getByLabel(story.words.otpLabel).fill("Telefono");
  await navigating(page, () =>
    page.getByRole("button", { name: story.words.next, exact: true }).click(),
  );
  await story.shot("enrol-qr");
  const qrFile = story.artifact("qr.png");
  await page
    .getByRole("img", { name: story.words.qrImage, exact: true })
    .screenshot({ path: qrFile });
  const secret = new URL(await decodeQr(qrFile)).searchParams.get("secret") ?? "";
  await typeCode(
    story,
    page.getByLabel(story.words.enrolCode),
    await codeNow(t, secret),
    story.words.next,
  );
  nextStep(t);
  await expectHeading(story, story.words.backupCodesTitle);
  await story.shot("backup-codes");
  await navigating(page, () =>
    page.getByRole("link", { name: story.words.backupCodesContinue, exact: true }).click(),
  );

  // Method 2 of 2: the phone.
  assert.equal(where(page), "/sign-in/register/phone");
  await story.shot("register-phone");
  assert.equal(await page.getByText(say.phoneStep, { exact: true }).count(), 1);
  assert.equal(
    (await page.getByRole("heading", { level: 2 }).textContent())?.trim(),
    say.phoneHeading,
  );
  assert.equal(await page.getByText(say.phoneIntro, { exact: true }).count(), 1);
  assert.ok((await page.getByText(say.rates).count()) === 1, "the notice that rates may apply");
  assert.equal(await page.getByLabel(say.receiveCode).isChecked(), true);
  assert.match(
    (await page.getByLabel(say.country).locator("option:checked").textContent()) ?? "",
    /\(\+39\)$/,
  );
  await story.shot("register-phone");
  await page.getByLabel(say.number).fill(national);
  await navigating(page, () =>
    page.getByRole("button", { name: story.words.next, exact: true }).click(),
  );
  assert.equal(where(page), "/sign-in/register/phone/code");
  assert.equal(await page.getByText(say.codeSent(shown), { exact: true }).count(), 1);
  await story.shot("register-phone-code");
  const first = await smsc.nextMessage(e164);

  // "Invia di nuovo il codice" too soon is refused; after the cool-down a new code comes.
  await navigating(page, () => page.getByRole("button", { name: say.resend, exact: true }).click());
  assert.equal(await page.getByText(say.cooldown, { exact: true }).count(), 1);
  await story.shot("register-phone-cooldown");
  t.clock.advance(31_000);
  await page.goto(story.url("/sign-in/register/phone/code"));
  await story.shot("register-phone-code-again");
  await navigating(page, () => page.getByRole("button", { name: say.resend, exact: true }).click());
  const second = await smsc.nextMessage(e164);
  assert.notEqual(second.messageId, first.messageId);
  await story.shot("register-phone-resent");
  assert.equal(await page.getByText(say.resendIn).count(), 1, "the page says when to ask again");

  // The wrong code first, then the one that came last.
  await typeCode(story, page.getByLabel(say.code), "000000", story.words.next);
  assert.equal(await page.getByText(story.words.invalidCode, { exact: true }).count(), 1);
  await story.shot("register-phone-wrong-code");
  await typeCode(story, page.getByLabel(say.code), codeOf(second.text), story.words.next);
  assert.equal(await page.getByRole("status").filter({ hasText: say.done }).count(), 1);
  await story.shot("register-phone-done");
  assert.deepEqual(
    (await listPhoneMethods(t.ctx.store.db, user.id)).map((p) => [p.phoneType, p.phoneNumber]),
    [["mobile", shown]],
  );
  await navigating(page, () =>
    page.getByRole("link", { name: story.words.next, exact: true }).click(),
  );
  assert.equal(where(page), "/security-info");
  await story.shot("security-info");
  await signOut(story);

  // The next sign-in: a code by SMS instead of the app's.
  t.clock.advance(60_000);
  await signIn(story, upn);
  assert.equal(where(page), "/sign-in/verify");
  const masked = `+39 ••• •••• ${national.slice(-2)}`;
  await story.shot("verify-with-sms");
  await navigating(page, () =>
    page.getByRole("button", { name: say.textMe(masked), exact: true }).click(),
  );
  assert.equal(where(page), "/sign-in/verify/sms");
  await expectHeading(story, say.smsTitle);
  await story.shot("verify-sms");
  const third = await smsc.nextMessage(e164);
  await typeCode(story, page.getByLabel(say.code), codeOf(third.text), say.signInButton);
  assert.equal(where(page), "/security-info");
  await story.shot("signed-in-by-sms");
}

describe("phone as method 2 of 2 (seed 000), and signing in with a code by SMS", () => {
  for (const lang of languages) {
    test(`${lang}: app, then phone with a code read from the SMSC, then an SMS sign-in`, async () => {
      await runStory(browser, "phone-registration", lang, {}, twoMethods);
    });
  }
});
