import assert from "node:assert/strict";
import { isVarcoError } from "../../../src/errors/varco-error.ts";
import { enrolSoftwareOath } from "../../../src/methods/software-oath/enrol.ts";
import { testActor } from "../../support/test-app.ts";
import type { ModelRun } from "./model-run.ts";
import type { ModelEvent } from "./scenario.ts";
import { codeAt, stepAt, wrongCodeAt } from "./setup-user.ts";
import type { Refusal } from "./spec.ts";

// The events of a sign-in, each sent to the machine and played on the model, then compared.

type Of<T extends ModelEvent["type"]> = Extract<ModelEvent, { type: T }>;

/** The password, right or wrong, perhaps with the browser's remembered-device token. */
export async function password(run: ModelRun, attempt: Omit<Of<"password">, "type">, what: string) {
  const { model, browser } = run;
  const before = (await run.logged()).length;
  const actual = await run.send(
    {
      type: "password",
      tenant: run.tenant,
      upn: run.user.upn,
      password: attempt.right ? run.password : "not the password at all",
      rememberedDeviceToken: attempt.withDevice ? browser.device : null,
    },
    attempt.trusted,
  );
  const throttled = model.takePasswordAttempt();
  if (!throttled && attempt.right) model.passwordAccepted();
  const refusal: Refusal | undefined = throttled
    ? "throttled"
    : attempt.right
      ? undefined
      : "invalid_password";
  const from = { trusted: attempt.trusted, device: attempt.withDevice && browser.device !== null };
  const expected = run.start(model.begin("password", null), refusal === undefined, refusal, from);
  await run.compare(what, actual, expected, before);
}

/** A Temporary Access Pass, the user's own or a wrong one. */
export async function pass(run: ModelRun, event: Of<"pass">, what: string) {
  const { model } = run;
  const before = (await run.logged()).length;
  const actual = await run.send(
    {
      type: "temporaryAccessPass",
      tenant: run.tenant,
      upn: run.user.upn,
      pass: event.right && run.pass ? run.pass : "WRONGPASS",
    },
    event.trusted,
  );
  let refusal: Refusal | undefined;
  if (model.takePasswordAttempt()) refusal = "throttled";
  else if (!model.pass || !event.right) refusal = "invalid_temporary_access_pass";
  else if (model.now < model.pass.startAt) refusal = "temporary_access_pass_not_yet_valid";
  else if (model.now >= model.pass.expiresAt || model.pass.used)
    refusal = "temporary_access_pass_expired_or_used";
  else model.passwordAccepted();
  const proven = refusal === undefined;
  const pending = model.begin("temporaryAccessPass", proven ? "temporaryAccessPass" : null);
  const expected = run.start(pending, proven, refusal, { trusted: event.trusted, device: false });
  await run.compare(what, actual, expected, before);
}

/** A code from one of the user's apps (right, wrong, or the last one again), or a backup code. */
export async function secondFactor(
  run: ModelRun,
  event: Of<"code"> | Of<"backupCode">,
  what: string,
) {
  const { model } = run;
  const before = (await run.logged()).length;
  const active = model.methods.filter((m) => m.active);
  const method = event.type === "code" ? active[event.method % (active.length || 1)] : undefined;
  const secret = method && run.secrets.get(method.id);
  let typed: string;
  if (event.type === "backupCode")
    typed = event.right && model.backupCodes[0] ? model.backupCodes[0] : "wrong-backup-code";
  else if (!method || !secret) typed = "123456";
  else if (event.which === "right") typed = codeAt(secret, model.now);
  else if (event.which === "reused" && method.lastStep !== null)
    typed = codeAt(secret, method.lastStep * 30_000);
  else typed = wrongCodeAt(secret, model.now);
  const actual = await run.send(
    {
      type: "secondFactor",
      proof:
        event.type === "code"
          ? { kind: "code", code: typed, methodId: method?.id ?? "no-such-method" }
          : { kind: "backupCode", code: typed },
      rememberDevice: event.remember,
    },
    event.trusted,
  );
  const expected = run.proceed("second_factor", event.trusted, (pending) => {
    if (!model.takePendingAttempt()) return "sign_in_expired";
    if (event.type === "backupCode") {
      const refusal = model.checkSecondFactor(event.right && model.backupCodes.length > 0, false);
      if (refusal === undefined) {
        model.backupCodes.shift();
        pending.proof = "backupCode";
        pending.rememberDevice = event.remember;
      }
      return refusal;
    }
    // A method the user does not have is refused before the lockout counts anything.
    if (!method) return "invalid_code";
    const step = stepAt(model.now);
    const fresh = event.which === "right" && (method.lastStep === null || step > method.lastStep);
    const reused =
      event.which === "reused" && method.lastStep !== null && step - method.lastStep <= 1;
    const refusal = model.checkSecondFactor(fresh, reused);
    if (refusal === undefined) {
      method.lastStep = step;
      pending.proof = "code";
      pending.rememberDevice = event.remember;
    }
    return refusal;
  });
  await run.compare(what, actual, expected, before);
  run.expectDevice(actual);
}

let enrolments = 0;

/** "Protect your account": an app added where the sign-in stands at registration, then its code. */
export async function register(run: ModelRun, event: Of<"register">, what: string) {
  const { model } = run;
  const before = (await run.logged()).length;
  const client = { ip: run.ip(event.trusted), userAgent: "model" };
  const at = await run.machine.registering(run.t.ctx, run.browser.pending, client);
  const pending = model.pending;
  const from = { trusted: event.trusted, device: false };
  const standsAtRegister =
    pending !== undefined &&
    model.pendingLive &&
    !model.pendingSpent &&
    model.decide(pending, true, undefined, from).kind === "register";
  run.history.push(`${what}: enrolment ${at ? "open" : "refused"}`);
  assert.equal(at !== undefined, standsAtRegister, run.context());
  if (!at) return;
  let enrolment: Awaited<ReturnType<typeof enrolSoftwareOath>>;
  try {
    enrolment = await enrolSoftwareOath(run.t.ctx, testActor, at.tenant, at.user, {
      // A label of its own each time: a pending one of the same name would be replaced.
      label: `model-${++enrolments}`,
    });
  } catch (error) {
    if (!isVarcoError(error, "method_limit_reached")) throw error;
    assert.ok(model.oathEntries >= 5, `the limit of five came early: ${run.context()}`);
    return;
  }
  assert.ok(model.oathEntries < 5, `the limit of five was not kept: ${run.context()}`);
  model.oathEntries += 1;
  run.secrets.set(enrolment.method.id, enrolment.secret);
  const code = event.right
    ? codeAt(enrolment.secret, model.now)
    : wrongCodeAt(enrolment.secret, model.now);
  const actual = await run.send(
    { type: "registration", methodId: enrolment.method.id, code },
    event.trusted,
  );
  const expected = run.proceed("register", event.trusted, (p) => {
    if (!model.takePendingAttempt()) return "sign_in_expired";
    if (!event.right) return "invalid_code";
    model.methods.push({
      id: enrolment.method.id,
      active: true,
      counts: true,
      lastStep: stepAt(model.now),
    });
    p.proof ??= "registration";
    return undefined;
  });
  await run.compare(what, actual, expected, before);
  run.expectDevice(actual);
}

/** A new password when high risk or an administrator's reset asks for one, or the old one again. */
export async function changePassword(run: ModelRun, event: Of<"changePassword">, what: string) {
  const { model } = run;
  const before = (await run.logged()).length;
  const next = event.same ? run.password : `the model's password number ${++run.passwordsChosen}`;
  const actual = await run.send({ type: "passwordChange", newPassword: next }, event.trusted);
  const expected = run.proceed("change_password", event.trusted, (p) => {
    if (event.same) return "invalid_new_password";
    run.password = next;
    model.passwordChangeRequired = false;
    model.passwordSet(false);
    p.passwordChanged = true;
    return undefined;
  });
  await run.compare(what, actual, expected, before);
  run.expectDevice(actual);
}

/** "I didn't try to sign in". */
export async function report(run: ModelRun, event: Of<"report">, what: string) {
  const before = (await run.logged()).length;
  const actual = await run.send({ type: "fraudReport" }, event.trusted);
  const expected = run.proceed("second_factor", event.trusted, (p) => {
    if (!run.scenario.policy.reportSuspiciousActivity) return "rejected";
    p.reported = true;
    return undefined;
  });
  await run.compare(what, actual, expected, before);
}
