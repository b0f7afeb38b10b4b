import type { Context } from "../context.ts";
import type { Tenant, User } from "../directory/types.ts";
import { commitDecision } from "./commit-decision.ts";
import {
  type Applied,
  answeredStep,
  type ContinuationEvent,
  type Continuing,
  type SignInEvent,
} from "./events/event.ts";
import { applyFraudReport } from "./events/fraud-report.ts";
import { applyPasskeyRegistration } from "./events/passkey-registration.ts";
import { applyPasskeySignIn } from "./events/passkey-sign-in.ts";
import { applyPassword } from "./events/password.ts";
import { applyPasswordChange } from "./events/password-change.ts";
import { applyPhoneRegistration } from "./events/phone-registration.ts";
import { applyPlacePhoneCall } from "./events/place-phone-call.ts";
import { applyPostponement } from "./events/postponement.ts";
import { applyRegistration } from "./events/registration.ts";
import { applySecondFactor } from "./events/second-factor.ts";
import { applySendPhoneCode, applySendRegistrationCode } from "./events/send-phone-code.ts";
import { applyTemporaryAccessPass } from "./events/temporary-access-pass.ts";
import { type LoadedSituation, loadSituation } from "./load-situation.ts";
import { decide } from "./machine/decide.ts";
import { waits } from "./machine/decision.ts";
import type { Channel } from "./machine/facts.ts";
import type { Gate } from "./machine/gate.ts";
import { signInGates } from "./machine/gates.ts";
import {
  loadPendingSignIn,
  loadPendingSignInById,
  type PendingSignIn,
  pendingSignInAttempts,
} from "./pending-sign-in.ts";
import { stepOf } from "./step-of.ts";
import type { ClientInfo, SignInStep } from "./types.ts";

export type SignInRequest = {
  readonly event: SignInEvent;
  readonly client: ClientInfo;
  readonly channel: Channel;
  /** The pending sign-in's cookie token, for an event that continues one. */
  readonly pendingToken?: string | undefined;
};

/** The step after an event, and the tenant of the sign-in (unknown when its token was not live). */
export type Advanced = { readonly step: SignInStep; readonly tenant: Tenant | undefined };

export type SignInMachine = {
  /**
   * Applies one event, runs the gates, records the step they name. The only way a session
   * starts: every entry and every continuation of a sign-in is an event here.
   */
  advance(ctx: Context, request: SignInRequest): Promise<Advanced>;
  /**
   * Applies an event that arrives without the browser, from a telephony provider's signed
   * callback about a call placed for the pending sign-in `pendingSignInId` (the fraud code).
   */
  advanceFromCall(
    ctx: Context,
    request: {
      readonly pendingSignInId: string;
      readonly event: ContinuationEvent;
      readonly client: ClientInfo;
    },
  ): Promise<SignInStep>;
  /** Where a pending sign-in stands now, for a page or `GET /api/v1/sign-in`; changes nothing. */
  current(ctx: Context, pendingToken: string | undefined, client: ClientInfo): Promise<Advanced>;
  /** The user of a pending sign-in that stands at registration, who may enrol a method for it. */
  registering(
    ctx: Context,
    pendingToken: string | undefined,
    client: ClientInfo,
  ): Promise<
    { tenant: Tenant; user: User; step: Extract<SignInStep, { kind: "register" }> } | undefined
  >;
};

const continuations: {
  [T in ContinuationEvent["type"]]: (
    ctx: Context,
    continuing: Continuing,
    event: Extract<ContinuationEvent, { type: T }>,
  ) => Promise<Applied>;
} = {
  secondFactor: applySecondFactor,
  registration: applyRegistration,
  passwordChange: applyPasswordChange,
  fraudReport: applyFraudReport,
  postponeRegistration: applyPostponement,
  sendPhoneCode: applySendPhoneCode,
  sendRegistrationCode: applySendRegistrationCode,
  phoneRegistration: applyPhoneRegistration,
  placePhoneCall: applyPlacePhoneCall,
  passkeyRegistration: applyPasskeyRegistration,
};

/** The sign-in machine over `gates`: signInGates in Varco; the model test also tries others. */
export function createSignInMachine(gates: readonly Gate[]): SignInMachine {
  /** Decides after an event and records the decision; decides again if a claim went elsewhere. */
  const conclude = async (
    ctx: Context,
    at: {
      pending: PendingSignIn | undefined;
      tenant: Tenant;
      user: User | undefined;
      client: ClientInfo;
      channel: Channel;
      pendingToken: string | undefined;
    },
    first: Applied,
    before?: LoadedSituation,
  ): Promise<SignInStep> => {
    let applied = first;
    for (let round = 0; round < 3; round++) {
      const reuse = round === 0 && before;
      const loaded =
        reuse && applied.lockout
          ? afterLockout(before, applied.refusal, applied.lockout.until)
          : reuse && applied.situationUnchanged
            ? afterLockout(before, applied.refusal, before.situation.lockedUntil)
            : await loadSituation(ctx, {
                tenant: at.tenant,
                user: at.user,
                facts: applied.facts,
                client: at.client,
                refusal: applied.refusal,
                deviceToken: applied.deviceToken,
              });
      const decision = decide(gates, applied.facts, loaded.situation);
      const committed = await commitDecision(ctx, {
        ...at,
        applied,
        decision,
        situation: loaded.situation,
      });
      if (committed.kind === "retry") {
        applied = committed.applied;
        continue;
      }
      if (committed.kind === "moved_on")
        return (await current(ctx, at.pendingToken, at.client)).step;
      return stepOf(ctx, {
        decision,
        tenant: at.tenant,
        loaded,
        applied,
        pendingToken: committed.pendingToken ?? at.pendingToken,
        started: committed.started,
        mailError: committed.mailError,
        delivered: committed.delivered,
      });
    }
    // Each claim is withdrawn once it is lost, so a third round never comes.
    throw new Error("the sign-in's claims were lost repeatedly");
  };

  const load = (ctx: Context, pendingToken: string | undefined) =>
    loadPendingSignIn(ctx, pendingToken);

  const standing = async (ctx: Context, pendingToken: string | undefined, client: ClientInfo) => {
    const found = await load(ctx, pendingToken);
    if (!found) return undefined;
    const { pending, tenant, user } = found;
    const applied: Applied = { facts: pending.facts };
    const loaded = await loadSituation(ctx, {
      tenant,
      user,
      facts: pending.facts,
      client,
      refusal: undefined,
    });
    const decision = decide(gates, pending.facts, loaded.situation);
    // A session starts only from an event: a pending sign-in that would pass now starts again.
    // One whose wrong codes used up its attempts waits for nothing more (its page says why).
    const step: SignInStep =
      decision.next === "session"
        ? { kind: "expired", reason: "timed_out" }
        : waits(decision) && pending.attempts >= pendingSignInAttempts
          ? { kind: "expired", reason: "attempts_used_up" }
          : await stepOf(ctx, { decision, tenant, loaded, applied, pendingToken });
    return { tenant, user, step };
  };

  const current: SignInMachine["current"] = async (ctx, pendingToken, client) => {
    const found = await standing(ctx, pendingToken, client);
    return found ?? { step: { kind: "expired", reason: "timed_out" }, tenant: undefined };
  };

  const registering: SignInMachine["registering"] = async (ctx, pendingToken, client) => {
    const found = await standing(ctx, pendingToken, client);
    return found?.step.kind === "register" ? { ...found, step: found.step } : undefined;
  };

  const advance: SignInMachine["advance"] = async (ctx, request) => {
    const { event, client, channel } = request;
    if (
      event.type === "password" ||
      event.type === "temporaryAccessPass" ||
      event.type === "passkey"
    ) {
      const applied =
        event.type === "password"
          ? await applyPassword(ctx, event, client, channel)
          : event.type === "passkey"
            ? await applyPasskeySignIn(ctx, event, client, channel)
            : await applyTemporaryAccessPass(ctx, event, client, channel);
      const at = { pending: undefined, tenant: event.tenant, user: applied.user, client, channel };
      const step = await conclude(ctx, { ...at, pendingToken: undefined }, applied);
      return { step, tenant: event.tenant };
    }
    const found = await load(ctx, request.pendingToken);
    if (!found) return { step: { kind: "expired", reason: "timed_out" }, tenant: undefined };
    return { step: await continueSignIn(ctx, found, request, event), tenant: found.tenant };
  };

  const continueSignIn = async (
    ctx: Context,
    { pending, tenant, user }: { pending: PendingSignIn; tenant: Tenant; user: User },
    { client, channel, pendingToken }: SignInRequest,
    event: ContinuationEvent,
  ): Promise<SignInStep> => {
    const at = { pending, tenant, user, client, channel, pendingToken };
    const before = await loadSituation(ctx, {
      tenant,
      user,
      facts: pending.facts,
      client,
      refusal: undefined,
    });
    const now = decide(gates, pending.facts, before.situation);
    if (!waits(now)) return conclude(ctx, at, { facts: pending.facts });
    if (now.next !== answeredStep[event.type]) {
      // An event out of order changes nothing: the step the sign-in stands at is shown again.
      return stepOf(ctx, {
        decision: now,
        tenant,
        loaded: before,
        applied: { facts: pending.facts },
        pendingToken,
      });
    }
    const apply = continuations[event.type] as (
      ctx: Context,
      continuing: Continuing,
      event: ContinuationEvent,
    ) => Promise<Applied>;
    const continuing = {
      pending,
      tenant,
      user,
      client,
      methods: before.methods,
      phones: before.phones,
      phoneUse: before.phoneUse,
      passkeyPolicy: before.passkeyPolicy,
    };
    return conclude(ctx, at, await apply(ctx, continuing, event), before);
  };

  const advanceFromCall: SignInMachine["advanceFromCall"] = async (ctx, request) => {
    const found = await loadPendingSignInById(ctx, request.pendingSignInId);
    if (!found) return { kind: "expired", reason: "timed_out" };
    const at = {
      client: request.client,
      channel: found.pending.facts.channel,
      pendingToken: undefined,
    };
    return continueSignIn(ctx, found, { ...at, event: request.event }, request.event);
  };

  return { advance, advanceFromCall, current, registering };
}

/** The situation read before an event that changed only the lockout, whose state it knows. */
function afterLockout(
  before: LoadedSituation,
  refusal: Applied["refusal"],
  lockedUntil: number | undefined,
): LoadedSituation {
  return { ...before, situation: { ...before.situation, refusal, lockedUntil } };
}

/** Varco's sign-in machine. */
export const signInMachine = createSignInMachine(signInGates);
