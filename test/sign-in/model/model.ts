import type { PolicyChoice, UserChoice } from "./scenario.ts";
import { type Answer, answer, type Proof, type Refusal } from "./spec.ts";

// The reference model's state: the user, the counters and the browser's pending sign-in, kept
// as the documents describe them; and how each event changes it.

const minute = 60_000;
const pendingLifetime = 10 * minute;
const pendingAttempts = 5;
const throttleWindow = 15 * minute;
const throttlePerUpn = 10;

export type ModelMethod = { id: string; active: boolean; counts: boolean; lastStep: number | null };

type Counter = { value: number; expiresAt: number };

export type ModelPending = {
  firstFactor: "password" | "temporaryAccessPass";
  proof: Proof | null;
  passwordChanged: boolean;
  reported: boolean;
  attempts: number;
  expiresAt: number;
  done: boolean;
  rememberDevice: boolean;
};

/** What an event is expected to answer: a step and its log line, or a refusal of the request. */
export type Expected = { readonly kind: "rejected" } | (Answer & { readonly logged: boolean });

export class Model {
  readonly policy: PolicyChoice;
  now: number;
  blocked: boolean;
  /** Blocked by the user's own fraud report, not by an administrator. */
  blockedByReport = false;
  passwordChangeRequired: boolean;
  passwordChangeForced: boolean;
  reregistration: boolean;
  readonly inGroup: boolean;
  methods: ModelMethod[] = [];
  /** OATH entries of any state, for the limit of five. */
  oathEntries = 0;
  backupCodes: string[] = [];
  pass: { usableOnce: boolean; used: boolean; startAt: number; expiresAt: number } | undefined;
  lockout: Counter | undefined;
  throttle: Counter | undefined;
  deviceLive = false;
  /** Sessions started and not yet ended, and remembered devices stored: what a reset ends. */
  sessions = 0;
  devices = 0;
  pending: ModelPending | undefined;
  /** The pending sign-in the last session began from. */
  lastSignedIn: ModelPending | undefined;

  constructor(policy: PolicyChoice, user: UserChoice, now: number) {
    this.policy = policy;
    this.now = now;
    this.blocked = user.blocked;
    this.passwordChangeRequired = user.passwordChangeRequired;
    this.passwordChangeForced = user.passwordChangeForced;
    this.reregistration = user.reregistration !== "none";
    this.inGroup = user.inGroup;
  }

  get mfaRequired(): boolean {
    return (
      this.policy.mfaRequiredFor === "all" ||
      (this.policy.mfaRequiredFor === "group" && this.inGroup)
    );
  }
  get activeMethods(): number {
    return this.methods.filter((m) => m.active).length;
  }
  get registeredMethods(): number {
    return this.methods.filter((m) => m.active && m.counts).length;
  }
  get locked(): boolean {
    const c = this.live(this.lockout);
    return c !== undefined && c.value >= this.policy.lockoutThreshold;
  }
  /** The pending sign-in's attempts are used up: it waits for nothing more. */
  get pendingSpent(): boolean {
    return this.pending !== undefined && this.pending.attempts >= pendingAttempts;
  }
  get pendingLive(): boolean {
    return this.pending !== undefined && !this.pending.done && this.pending.expiresAt > this.now;
  }

  private live(counter: Counter | undefined): Counter | undefined {
    return counter && counter.expiresAt > this.now ? counter : undefined;
  }
  private increment(counter: Counter | undefined, windowMs: number): Counter {
    const c = this.live(counter);
    return c
      ? { value: c.value + 1, expiresAt: c.expiresAt }
      : { value: 1, expiresAt: this.now + windowMs };
  }

  /** The password throttle takes an attempt: true when it refuses it. */
  takePasswordAttempt(): boolean {
    this.throttle = this.increment(this.throttle, throttleWindow);
    return this.throttle.value > throttlePerUpn;
  }
  passwordAccepted(): void {
    this.throttle = undefined;
  }

  /**
   * The lockout takes an attempt before a code is checked; `right` says whether the code is.
   * Returns the refusal, or undefined when the code was accepted.
   */
  checkSecondFactor(right: boolean, reuse: boolean): Refusal | undefined {
    const threshold = this.policy.lockoutThreshold;
    this.lockout = this.increment(this.lockout, this.policyMinutes("reset"));
    // An attempt refused unchecked, or an exact replay of the code last accepted, gives its
    // place back: the counter holds only the wrong codes checked.
    const giveBack = () => {
      const c = this.lockout as Counter;
      this.lockout = { value: Math.max(0, c.value - 1), expiresAt: c.expiresAt };
    };
    if (this.lockout.value > threshold) {
      giveBack();
      return "locked_out";
    }
    if (right) {
      this.lockout = undefined;
      return undefined;
    }
    if (reuse) {
      giveBack();
      return "code_reused";
    }
    if (this.lockout.value >= threshold)
      this.lockout = { ...this.lockout, expiresAt: this.now + this.policyMinutes("lockout") };
    return reuse ? "code_reused" : "invalid_code";
  }
  private policyMinutes(which: "reset" | "lockout"): number {
    return (which === "reset" ? 10 : 15) * minute;
  }

  /** The answer to an event given what it found; the state changes of a recorded answer follow. */
  decide(
    pending: ModelPending,
    firstFactorProven: boolean,
    refusal: Refusal | undefined,
    from: { trusted: boolean; device: boolean },
  ): Answer {
    return answer({
      refusal,
      firstFactorProven,
      proof: pending.proof,
      reported: pending.reported,
      passwordChanged: pending.passwordChanged,
      blocked: this.blocked,
      blockedByReport: this.blockedByReport,
      locked: this.locked,
      mfaRequired: this.mfaRequired,
      trusted: from.trusted && this.policy.trustedRanges,
      deviceRemembered: from.device && this.deviceLive && this.policy.rememberDeviceDays > 0,
      passwordChangeOwed: this.passwordChangeRequired,
      passwordChangeForced: this.passwordChangeForced,
      activeMethods: this.activeMethods,
      registeredMethods: this.registeredMethods,
      requiredMethods: this.policy.requiredMethodCount,
      phishingResistantRequired: this.policy.phishingResistantForGroup && this.inGroup,
    });
  }

  /** A new pending sign-in, as a start event found it. */
  begin(firstFactor: ModelPending["firstFactor"], proof: Proof | null): ModelPending {
    return {
      firstFactor,
      proof,
      passwordChanged: false,
      reported: false,
      attempts: 0,
      expiresAt: this.now + pendingLifetime,
      done: false,
      rememberDevice: false,
    };
  }

  /**
   * A new password, chosen by the user during a sign-in or set by an administrator: every
   * session and remembered device ends; the administrator's request is set or cleared with it.
   */
  passwordSet(forceChangeNextSignIn: boolean): void {
    this.sessions = 0;
    this.devices = 0;
    this.deviceLive = false;
    this.passwordChangeForced = forceChangeNextSignIn;
  }

  /**
   * An administrator's reset: a new password, and the sign-in begun with the old one ends (one
   * begun with a Temporary Access Pass goes on).
   */
  passwordReset(forceChangeNextSignIn: boolean): void {
    this.passwordSet(forceChangeNextSignIn);
    if (this.pending?.firstFactor === "password") this.pending.done = true;
  }

  /** Takes one of the pending sign-in's own attempts: false when they are used up. */
  takePendingAttempt(): boolean {
    if (!this.pending || this.pending.attempts >= pendingAttempts) return false;
    this.pending.attempts += 1;
    return true;
  }

  /** What a recorded answer changes: the pending sign-in kept, ended or turned into a session. */
  record(
    given: Answer,
    pending: ModelPending,
    started: boolean,
    refusal: Refusal | undefined,
  ): void {
    const waits =
      given.kind === "second_factor" ||
      given.kind === "register" ||
      given.kind === "change_password";
    if (waits) {
      if (started) this.pending = pending;
      return;
    }
    if (!started && refusal !== "sign_in_expired") pending.done = true;
    if (given.kind === "signed_in") {
      pending.done = true;
      this.lastSignedIn = pending;
      this.sessions += 1;
      if (this.mfaRequired && this.registeredMethods >= this.policy.requiredMethodCount) {
        if (this.reregistration) {
          this.reregistration = false;
          for (const m of this.methods) m.counts = true;
        }
      }
    }
    if (given.kind === "fraud_reported") {
      if (this.policy.highRiskAction === "block") {
        this.blocked = true;
        this.blockedByReport = true;
      }
      if (this.policy.highRiskAction === "requirePasswordChange")
        this.passwordChangeRequired = true;
    }
  }
}
