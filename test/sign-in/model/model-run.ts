import assert from "node:assert/strict";
import type { Tenant, User } from "../../../src/directory/types.ts";
import { isVarcoError } from "../../../src/errors/varco-error.ts";
import { authenticateSession } from "../../../src/sessions/authenticate-session.ts";
import type { SignInEvent } from "../../../src/sign-in/events/event.ts";
import type { SignInMachine } from "../../../src/sign-in/sign-in-machine.ts";
import type { SignInStep } from "../../../src/sign-in/types.ts";
import type { TestApp } from "../../support/test-app.ts";
import type { Expected, Model, ModelPending } from "./model.ts";
import type { Scenario } from "./scenario.ts";
import { modelPassword } from "./setup-user.ts";
import type { Answer, Refusal } from "./spec.ts";

export type Actual = SignInStep | "rejected";

const waits = (given: Answer) =>
  given.kind === "second_factor" || given.kind === "register" || given.kind === "change_password";

/**
 * One run: the machine and the model side by side, the browser's cookies, and the comparison of
 * each answer. The events (apply-event.ts) drive both.
 */
export class ModelRun {
  readonly browser: { pending: string | undefined; device: string | null } = {
    pending: undefined,
    device: null,
  };
  password = modelPassword;
  /** The tokens of the sessions this run started: a new password ends every one. */
  readonly sessionTokens: string[] = [];
  passwordsChosen = 0;
  readonly secrets: Map<string, string>;
  readonly history: string[] = [];
  readonly t: TestApp;
  readonly machine: SignInMachine;
  readonly scenario: Scenario;
  readonly run: number;
  readonly model: Model;
  readonly tenant: Tenant;
  readonly user: User;
  readonly pass: string | undefined;

  constructor(input: {
    t: TestApp;
    machine: SignInMachine;
    scenario: Scenario;
    run: number;
    model: Model;
    tenant: Tenant;
    user: User;
    secrets: Map<string, string>;
    pass: string | undefined;
  }) {
    this.t = input.t;
    this.machine = input.machine;
    this.scenario = input.scenario;
    this.run = input.run;
    this.model = input.model;
    this.tenant = input.tenant;
    this.user = input.user;
    this.secrets = input.secrets;
    this.pass = input.pass;
  }

  /** The client address: in the tenant's trusted range, or not. */
  ip(trusted: boolean): string {
    return `2001:db8:${trusted ? 1 : 2}::${this.run.toString(16)}`;
  }

  /** The sign-in log entries of this run's user, newest first. */
  logged() {
    return this.t.ctx.store.db
      .selectFrom("sign_in_log")
      .selectAll()
      .where("upn", "=", this.user.upn)
      .orderBy("time", "desc")
      .orderBy("id", "desc")
      .execute();
  }

  context(): string {
    const { policy, user } = this.scenario;
    return `run ${this.run}, ${JSON.stringify(policy)}, ${JSON.stringify(user)}\n${this.history.join("\n")}`;
  }

  /** Sends one event to the machine: the step, or "rejected" when the request was refused. */
  async send(event: SignInEvent, trusted: boolean): Promise<Actual> {
    try {
      const { step } = await this.machine.advance(this.t.ctx, {
        event,
        client: { ip: this.ip(trusted), userAgent: "model" },
        channel: "pages",
        pendingToken: this.browser.pending,
      });
      return step;
    } catch (error) {
      if (isVarcoError(error)) return "rejected";
      throw error;
    }
  }

  /** Compares the machine's answer with the model's, and keeps the browser's cookies. */
  async compare(what: string, actual: Actual, expected: Expected, logLinesBefore: number) {
    const { model, browser } = this;
    this.history.push(
      `${what} → ${actual === "rejected" ? actual : actual.kind} (model: ${expected.kind})`,
    );
    assert.equal(actual === "rejected" ? "rejected" : actual.kind, expected.kind, this.context());
    if (actual !== "rejected" && actual.kind === "change_password" && "passwordChange" in expected)
      assert.equal(actual.reason, expected.passwordChange, `why: ${this.context()}`);
    const entries = await this.logged();
    const shouldLog = "logged" in expected && expected.logged;
    assert.equal(
      entries.length - logLinesBefore,
      shouldLog ? 1 : 0,
      `log lines: ${this.context()}`,
    );
    if (shouldLog && "result" in expected) {
      const [entry] = entries;
      assert.deepEqual(
        [entry?.result, entry?.reason],
        [expected.result, expected.reason],
        `log: ${this.context()}`,
      );
      if (expected.kind === "signed_in")
        assert.equal(entry?.mfa, expected.mfa, `log mfa: ${this.context()}`);
    }
    if (actual === "rejected") return;
    switch (actual.kind) {
      case "second_factor":
      case "change_password":
        browser.pending = actual.pendingToken;
        break;
      case "register":
        browser.pending = actual.pendingToken;
        if (actual.backupCodes) model.backupCodes = [...actual.backupCodes];
        break;
      case "signed_in": {
        browser.pending = undefined;
        if (actual.rememberedDevice) browser.device = actual.rememberedDevice.token;
        if (actual.backupCodes) model.backupCodes = [...actual.backupCodes];
        this.sessionTokens.push(actual.session.token);
        const session = await authenticateSession(this.t.ctx, actual.session.token);
        assert.equal(session?.session.mfa, actual.mfa, `the session's mfa: ${this.context()}`);
        assertSessionAllowed(model, actual.mfa, () => this.context());
        break;
      }
      case "expired":
      case "blocked":
      case "locked":
      case "fraud_reported":
        browser.pending = undefined;
        break;
      default:
        break;
    }
  }

  /** The model's answer to an event that begins a sign-in, and the state it leaves. */
  start(
    pending: ModelPending,
    proven: boolean,
    refusal: Refusal | undefined,
    from: { trusted: boolean; device: boolean },
  ): Expected {
    const { model } = this;
    const given = model.decide(pending, proven, refusal, from);
    const goesOn = waits(given) || given.kind === "signed_in";
    if (goesOn && pending.firstFactor === "temporaryAccessPass" && model.pass?.usableOnce)
      model.pass.used = true;
    if (waits(given)) model.pending = pending;
    if (given.kind === "locked") model.pending = undefined;
    if (given.kind === "signed_in") {
      model.pending = undefined;
      model.record(given, pending, true, refusal);
      if (given.mfa === "rememberedDevice") model.deviceLive = true;
    }
    return { ...given, logged: true };
  }

  /**
   * The model's answer to a continuation: the step the sign-in stands at must be the one the
   * event answers, else nothing changes (or a sign-in that may no longer wait ends); then `apply`
   * runs, and its refusal, if any, decides with the rest.
   */
  proceed(
    answers: Answer["kind"],
    trusted: boolean,
    apply: (pending: ModelPending) => Refusal | undefined | "rejected",
  ): Expected {
    const { model } = this;
    const pending = model.pending;
    if (!pending || !model.pendingLive) {
      model.pending = undefined;
      return { kind: "expired", result: "failure", reason: "", logged: false };
    }
    const from = { trusted, device: false };
    const now = model.decide(pending, true, undefined, from);
    if (!waits(now)) return this.conclude(now, pending, undefined);
    if (now.kind !== answers) return { ...now, logged: false };
    const refusal = apply(pending);
    if (refusal === "rejected") return { kind: "rejected" };
    return this.conclude(model.decide(pending, true, refusal, from), pending, refusal);
  }

  private conclude(given: Answer, pending: ModelPending, refusal: Refusal | undefined): Expected {
    this.model.record(given, pending, false, refusal);
    const ends = ["signed_in", "expired", "blocked", "locked", "fraud_reported"].includes(
      given.kind,
    );
    if (ends) this.model.pending = undefined;
    return { ...given, logged: true };
  }

  /**
   * A session that follows a proven second factor remembers the browser when the user asked and
   * the tenant allows it; the model learns of the new device from that.
   */
  expectDevice(actual: Actual): void {
    if (actual === "rejected" || actual.kind !== "signed_in") return;
    const last = this.model.lastSignedIn;
    const wanted =
      !!last &&
      last.rememberDevice &&
      last.proof !== null &&
      this.scenario.policy.rememberDeviceDays > 0;
    assert.equal(!!actual.rememberedDevice, wanted, `remembered device: ${this.context()}`);
    if (wanted) {
      this.model.deviceLive = true;
      this.model.devices += 1;
    }
  }
}

/**
 * The property the issue names, from the model's own state rather than its answers: no session
 * unless every gate the policy demands was passed.
 */
function assertSessionAllowed(model: Model, mfa: string, context: () => string): void {
  const why = (rule: string) => `a session began though ${rule}: ${context()}`;
  assert.ok(!model.blocked, why("the user is blocked"));
  assert.ok(!model.locked, why("the user is locked out"));
  assert.ok(!model.passwordChangeRequired, why("a new password is owed"));
  // An administrator's request made after the user chose a password during this very sign-in
  // waits for the next one.
  assert.ok(
    !model.passwordChangeForced || model.lastSignedIn?.passwordChanged === true,
    why("the administrator asked for a new password"),
  );
  if (model.mfaRequired) {
    assert.notEqual(mfa, "notRequired", why("MFA is required"));
    assert.ok(model.registeredMethods >= model.policy.requiredMethodCount, why("methods are owed"));
  }
  if (mfa === "trustedIp") assert.ok(model.policy.trustedRanges, why("no range is trusted"));
  if (mfa === "rememberedDevice")
    assert.ok(model.policy.rememberDeviceDays > 0, why("no device may be remembered"));
}
