import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { createCampaign } from "../../src/campaigns/create-campaign.ts";
import { endCampaign } from "../../src/campaigns/end-campaign.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { issueTemporaryAccessPass } from "../../src/methods/temporary-access-pass/issue.ts";
import { updatePhoneSettings } from "../../src/phone-settings/update-phone-settings.ts";
import { setPasswordChangeRequired } from "../../src/store/queries/risk.ts";
import { browserLike } from "../support/http-client.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import type { openApiChecker } from "../support/openapi-checker.ts";
import { enablePhoneMethods } from "../support/phone-tenant.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { codeOf } from "../support/sms-code-of.ts";
import { startTestSmsc } from "../support/smsc.ts";
import { type TestApp, testActor } from "../support/test-app.ts";
import { startVoiceProviderDouble } from "../support/voice-provider-double.ts";

/**
 * Calls every operation of the sign-in JSON API, each step it answers and its main errors, each
 * answer checked against the served document.
 */
export async function driveSignInApi(input: {
  t: TestApp;
  server: FastifyInstance;
  checker: ReturnType<typeof openApiChecker>;
}): Promise<void> {
  const { t, server, checker } = input;
  const browser = () => {
    const b = browserLike(server);
    return async (key: string, body: unknown, expected: number) => {
      const [method = "", url = ""] = key.split(" ");
      const response = await b.json(method as "GET" | "POST", url, body);
      checker.check(key, response);
      assert.equal(response.statusCode, expected, `${key}: ${response.body}`);
      return (response.body ? response.json() : {}) as Record<string, unknown>;
    };
  };
  const signIn = "POST /api/v1/sign-in";
  const secondFactor = "POST /api/v1/sign-in/second-factor";

  // A new user registers an app, then signs out.
  await createUser(t.ctx, testActor, t.tenant, {
    upn: "contract.new@example.it",
    password: testPassword,
  });
  const newcomer = browser();
  assert.equal(
    (await newcomer(signIn, { upn: "contract.new@example.it", password: testPassword }, 200)).state,
    "register",
  );
  assert.equal((await newcomer("GET /api/v1/sign-in", undefined, 200)).state, "register");
  const app = await newcomer("POST /api/v1/sign-in/register/app", { label: "contract" }, 200);
  await newcomer(
    "POST /api/v1/sign-in/register/activate",
    { methodId: app.methodId, code: "000000" },
    200,
  );
  const code = await oathtoolTotp(app.secret as string, { timeMs: t.clock.now() });
  const done = await newcomer(
    "POST /api/v1/sign-in/register/activate",
    { methodId: app.methodId, code },
    200,
  );
  assert.equal(done.state, "signed_in");
  await newcomer("GET /api/v1/me", undefined, 200);
  await newcomer("POST /api/v1/sign-out", {}, 204);
  await newcomer("GET /api/v1/me", undefined, 401);
  await newcomer("POST /api/v1/sign-out", {}, 401);
  await newcomer("GET /api/v1/sign-in", undefined, 401);
  await newcomer("POST /api/v1/sign-in/register/app", { label: "late" }, 401);
  await newcomer("POST /api/v1/sign-in/register/activate", { methodId: "x", code: "1" }, 401);
  await newcomer(signIn, { upn: "contract.new@example.it" }, 400);
  await newcomer(
    signIn,
    { upn: "contract.new@example.it", password: testPassword, tenant: "nowhere" },
    404,
  );

  // An enrolment campaign lets a user without a method say "Not now" once.
  const campaign = await createCampaign(t.ctx, testActor, t.tenant, {
    group: null,
    startsAt: t.clock.now(),
    deadlineAt: t.clock.now() + 7 * 24 * 60 * 60_000,
    postponementsAllowed: 1,
    reminderIntervalDays: 7,
  });
  await createUser(t.ctx, testActor, t.tenant, {
    upn: "contract.later@example.it",
    password: testPassword,
  });
  const postponer = browser();
  const asked = await postponer(
    signIn,
    { upn: "contract.later@example.it", password: testPassword },
    200,
  );
  assert.deepEqual(asked.postpone && (asked.postpone as { left: number }).left, 1);
  const postpone = "POST /api/v1/sign-in/register/postpone";
  assert.equal((await postponer(postpone, {}, 200)).mfa, "registrationPostponed");
  await postponer(postpone, {}, 401);
  await endCampaign(t.ctx, testActor, t.tenant, campaign.id);

  // A user with an app: a wrong code, the right one; high risk asks for a new password.
  const u = await createSignInUser(t, "contract.user@example.it");
  await setPasswordChangeRequired(t.ctx.store.db, u.user.id, t.clock.now());
  const user = browser();
  await user(signIn, { upn: u.upn, password: "not the password" }, 401);
  assert.equal(
    (await user(signIn, { upn: u.upn, password: testPassword }, 200)).state,
    "second_factor",
  );
  await user(secondFactor, { code: "000000" }, 200);
  await user(secondFactor, { code: await oathtoolTotp(u.secret, { timeMs: t.clock.now() }) }, 200);
  await user("POST /api/v1/sign-in/change-password", { newPassword: testPassword }, 200);
  await user("POST /api/v1/sign-in/change-password", { newPassword: "a contract passphrase" }, 200);
  await user(secondFactor, { code: "123456" }, 401);
  await user("POST /api/v1/sign-in/change-password", { newPassword: "again and again" }, 401);

  // "I didn't try to sign in", with a backup code's sign-in as the other way through.
  const reporter = await createSignInUser(t, "contract.report@example.it");
  const victim = browser();
  await victim(signIn, { upn: reporter.upn, password: testPassword }, 200);
  assert.equal(
    (await victim("POST /api/v1/sign-in/report-suspicious-activity", {}, 200)).state,
    "fraud_reported",
  );
  await victim("POST /api/v1/sign-in/report-suspicious-activity", {}, 401);

  // A Temporary Access Pass: not yet valid, wrong, right; then throttled, then locked out.
  const tap = await createSignInUser(t, "contract.tap@example.it");
  const { pass } = await issueTemporaryAccessPass(t.ctx, testActor, t.tenant, tap.user, {
    startAt: t.clock.now() + 60_000,
  });
  const holder = browser();
  const withPass = "POST /api/v1/sign-in/temporary-access-pass";
  await holder(withPass, { upn: tap.upn, temporaryAccessPass: pass }, 401);
  t.clock.advance(60_000);
  await holder(withPass, { upn: tap.upn, temporaryAccessPass: "wrongpass" }, 401);
  await holder(withPass, { upn: tap.upn, temporaryAccessPass: pass }, 200);
  await holder(withPass, { upn: tap.upn }, 400);
  const guesser = browser();
  for (let i = 0; i < 10; i++)
    await guesser(signIn, { upn: "contract.nobody@example.it", password: "nope" }, 401);
  await guesser(signIn, { upn: "contract.nobody@example.it", password: "nope" }, 429);
  const locked = await createSignInUser(t, "contract.locked-out@example.it");
  const lockedOut = browser();
  // Ten wrong codes, the tenant's lockout: five in each of two sign-ins (each allows five).
  for (const last of [200, 423]) {
    await lockedOut(signIn, { upn: locked.upn, password: testPassword }, 200);
    for (let j = 0; j < 4; j++) await lockedOut(secondFactor, { code: "000000" }, 200);
    await lockedOut(secondFactor, { code: "000000" }, last);
  }
  await lockedOut(signIn, { upn: locked.upn, password: testPassword }, 423);
  t.clock.advance(16 * 60_000);

  await drivePhoneSteps(t, browser);
}

/** The sign-in's phone operations: a code by SMS, a phone registered, a call placed. */
async function drivePhoneSteps(
  t: TestApp,
  browser: () => (key: string, body: unknown, expected: number) => Promise<Record<string, unknown>>,
): Promise<void> {
  const smsc = await startTestSmsc();
  const provider = await startVoiceProviderDouble();
  try {
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
      voiceProvider: {
        kind: "twilio",
        baseUrl: provider.baseUrl,
        accountSid: provider.accountSid,
        authToken: provider.authToken,
      },
      callerId: "+390212345678",
    });
    await enablePhoneMethods(t, ["Sms", "Voice"]);
    const phoneCode = "POST /api/v1/sign-in/phone-code";
    const phoneCall = "POST /api/v1/sign-in/phone-call";
    const callAnswer = "POST /api/v1/sign-in/phone-call/answer";
    const person = await createSignInUser(t, "contract.phone@example.it");
    await addPhoneMethod(t.ctx, testActor, person.user, {
      phoneType: "mobile",
      phoneNumber: "+39 3331239876",
    });
    const texted = browser();
    await texted(phoneCode, { phoneType: "mobile" }, 401);
    await texted(phoneCall, { phoneType: "mobile" }, 401);
    await texted(callAnswer, {}, 401);
    await texted("POST /api/v1/sign-in", { upn: person.upn, password: testPassword }, 200);
    await texted(phoneCode, { phoneType: "pager" }, 400);
    await texted(phoneCode, { phoneType: "mobile", language: "en" }, 200);
    const code = codeOf((await smsc.nextMessage("+393331239876")).text);
    t.clock.advance(31_000);
    await texted(phoneCall, { phoneType: "mobile" }, 200);
    await texted(callAnswer, {}, 200);
    const done = await texted(
      "POST /api/v1/sign-in/second-factor",
      { kind: "phoneCode", code },
      200,
    );
    assert.equal(done.state, "signed_in");

    await createUser(t.ctx, testActor, t.tenant, {
      upn: "contract.newphone@example.it",
      password: testPassword,
    });
    const registering = browser();
    const registerPhone = "POST /api/v1/sign-in/register/phone";
    const verifyPhone = "POST /api/v1/sign-in/register/phone/verify";
    await registering(registerPhone, { phoneNumber: "+39 3331239877" }, 401);
    await registering(verifyPhone, { code: "123456" }, 401);
    await registering(
      "POST /api/v1/sign-in",
      { upn: "contract.newphone@example.it", password: testPassword },
      200,
    );
    await registering(registerPhone, { number: "+39 3331239877" }, 400);
    await registering(registerPhone, { phoneNumber: "+39 3331239877" }, 200);
    const sent = codeOf((await smsc.nextMessage("+393331239877")).text);
    const registered = await registering(verifyPhone, { code: sent }, 200);
    assert.equal(registered.state, "signed_in");
  } finally {
    await updatePhoneSettings(t.ctx, testActor, t.tenant.id, {
      smsPrimary: null,
      voiceProvider: null,
      callerId: "",
    });
    await smsc.close();
    await provider.close();
  }
}
