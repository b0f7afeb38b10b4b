import type { Context } from "../context.ts";
import type { Tenant, User } from "../directory/types.ts";
import { recogniseDevice } from "../remembered-devices/recognise-device.ts";
import type { Db } from "../store/open-store.ts";
import {
  finishPendingSignIn,
  insertPendingSignIn,
  updatePendingFacts,
  updatePendingFactsWithLog,
} from "../store/queries/pending-sign-ins.ts";
import { usePass } from "../store/queries/temporary-access-passes.ts";
import type { Applied } from "./events/event.ts";
import { type Decision, waits } from "./machine/decision.ts";
import type { Channel, SignInFacts } from "./machine/facts.ts";
import { passwordChangeOwed } from "./machine/gates/password-change.ts";
import type { Situation } from "./machine/situation.ts";
import { newPendingSignIn, type PendingSignIn } from "./pending-sign-in.ts";
import { recordSignIn, type SignInEntry, signInRow } from "./record-sign-in.ts";
import { startSession } from "./start-session.ts";
import type { ClientInfo, IssuedToken } from "./types.ts";

export type CommitInput = {
  readonly pending: PendingSignIn | undefined;
  readonly applied: Applied;
  readonly decision: Decision;
  readonly situation: Situation;
  readonly tenant: Tenant;
  readonly user: User | undefined;
  readonly client: ClientInfo;
  readonly channel: Channel;
};

export type Committed =
  | {
      readonly kind: "recorded";
      /** The token of a pending sign-in stored now. */
      readonly pendingToken?: string | undefined;
      readonly started?: { readonly session: IssuedToken; readonly rememberedDevice?: IssuedToken };
      readonly mailError?: unknown;
      /** What the event asked to send went out (true), or could not (false); unset: nothing. */
      readonly delivered?: boolean | undefined;
    }
  /** A single-use claim the decision relied on went elsewhere: decide again without it. */
  | { readonly kind: "retry"; readonly applied: Applied }
  /** Another request moved the pending sign-in on first: this event's step is not recorded. */
  | { readonly kind: "moved_on" };

class ClaimLost extends Error {
  readonly applied: Applied;
  /** Run once the transaction is undone. */
  readonly afterwards: (() => Promise<void>) | undefined;
  constructor(applied: Applied, afterwards?: () => Promise<void>) {
    super("a single-use claim went elsewhere");
    this.applied = applied;
    this.afterwards = afterwards;
  }
}
class MovedOn extends Error {}

/**
 * Records a decision in one transaction: the single-use claims it relies on (a Temporary Access
 * Pass, a code or backup code, a remembered device's rotation), the pending sign-in stored, changed over its version or
 * ended, the session when every gate passed, and the sign-in log line. So a claim is spent only
 * when the step it allowed is recorded, and of two events applied at once only one moves a
 * pending sign-in on.
 */
export async function commitDecision(ctx: Context, input: CommitInput): Promise<Committed> {
  try {
    const written: Written = onlyFactsAndLog(ctx, input)
      ? await writeFactsWithLog(ctx, input)
      : needsTransaction(input)
        ? await ctx.store.transaction((tx) => write(ctx, tx, input))
        : await write(ctx, ctx.store.db, input);
    const mailError = written.ended ? await input.applied.afterCommit?.() : undefined;
    const { deliver } = input.applied;
    const delivered = deliver && waits(input.decision) ? await deliver() : undefined;
    if (delivered === false) {
      // The event's own line says it was asked; this one, that the gateway did not take it.
      const entry = logEntryOf(input);
      const reason = entry.methodKind === "voice" ? "voice_call_failed" : "phone_send_failed";
      await recordSignIn(ctx.store.db, ctx.now(), { ...entry, result: "failure", reason });
    }
    const { pendingToken, started } = written;
    return {
      kind: "recorded",
      pendingToken,
      started,
      ...(mailError ? { mailError } : {}),
      ...(delivered === undefined ? {} : { delivered }),
    };
  } catch (error) {
    if (error instanceof ClaimLost) {
      await error.afterwards?.();
      return { kind: "retry", applied: error.applied };
    }
    if (error instanceof MovedOn) return { kind: "moved_on" };
    throw error;
  }
}

const goesOn = (decision: Decision) => waits(decision) || decision.next === "session";

/**
 * Whether the decision writes more than one thing that must land together: a claim, a pending
 * sign-in changed over its version or ended, a session. A sign-in stored as it begins, or a
 * refusal, writes its rows and its log line without one.
 */
function needsTransaction({ pending, applied, decision }: CommitInput): boolean {
  if (decision.next === "session") return true;
  if (goesOn(decision) && (applied.passToClaim || applied.proofToClaim)) return true;
  if (pending === undefined) return false;
  return waits(decision)
    ? applied.facts !== pending.facts
    : applied.refusal?.reason !== "sign_in_expired";
}

/**
 * Whether the decision writes the pending sign-in's new facts and its log line and nothing else
 * (a code sent, a wrong code that changed the facts): on PostgreSQL one statement writes both
 * (updatePendingFactsWithLog), where a transaction would cost four round trips.
 */
function onlyFactsAndLog(ctx: Context, { pending, applied, decision }: CommitInput): boolean {
  return (
    ctx.store.kind === "postgres" &&
    pending !== undefined &&
    waits(decision) &&
    applied.facts !== pending.facts &&
    !applied.passToClaim &&
    !applied.proofToClaim
  );
}

async function writeFactsWithLog(ctx: Context, input: CommitInput): Promise<Written> {
  const { pending, applied, situation } = input;
  if (!pending) throw new Error("a pending sign-in is needed");
  const facts: SignInFacts = { ...applied.facts, owes: owesOf(applied.facts, situation) };
  const { id, version } = pending;
  const written = await updatePendingFactsWithLog(
    ctx.store.db,
    { id, version, factsJson: JSON.stringify(facts) },
    signInRow(ctx.now(), logEntryOf(input)),
  );
  if (!written) throw new MovedOn();
  return { ended: false };
}

type Written = {
  pendingToken?: string;
  started?: { session: IssuedToken; rememberedDevice?: IssuedToken };
  /** The pending sign-in ended with this decision: the event's afterwards may run. */
  ended: boolean;
};

async function write(ctx: Context, tx: Db, input: CommitInput): Promise<Written> {
  // `tx` is a transaction whenever needsTransaction says one is needed, else the store itself.
  const { pending, applied, decision, situation, tenant, user, client } = input;
  const now = ctx.now();
  const pass = applied.passToClaim;
  if (goesOn(decision) && pass && !(await usePass(tx, { ...pass, now }))) {
    // Spent or expired a moment ago, perhaps by another sign-in: the same answer as a wrong pass.
    throw new ClaimLost(withoutPass(applied));
  }
  const proof = applied.proofToClaim;
  if (goesOn(decision) && proof && !(await proof.write(tx))) {
    throw new ClaimLost(proof.ifLost, proof.lost);
  }
  let rotated: IssuedToken | undefined;
  if (decision.next === "session" && decision.mfa === "rememberedDevice") {
    rotated = user && (await recogniseDevice(ctx, tx, user.id, applied.deviceToken));
    if (!rotated) throw new ClaimLost({ ...applied, deviceToken: null });
  }
  const facts: SignInFacts = { ...applied.facts, owes: owesOf(applied.facts, situation) };
  let pendingToken: string | undefined;
  let ended = false;
  if (waits(decision)) {
    if (!pending) {
      const stored = newPendingSignIn(ctx, facts as SignInFacts & { userId: string });
      await insertPendingSignIn(tx, stored.row);
      pendingToken = stored.token;
    } else if (applied.facts !== pending.facts) {
      const factsJson = JSON.stringify(facts);
      const { id, version } = pending;
      if (!(await updatePendingFacts(tx, { id, version, factsJson }))) throw new MovedOn();
    }
  } else if (pending && applied.refusal?.reason !== "sign_in_expired") {
    // A pending sign-in that used up its attempts is left as it is: a right code checked at the
    // same moment took its attempt first, and may still finish it.
    if (!(await finishPendingSignIn(tx, { id: pending.id, version: pending.version, now })))
      throw new MovedOn();
    ended = true;
    await applied.effects?.(tx);
  }
  let started: { session: IssuedToken; rememberedDevice?: IssuedToken } | undefined;
  if (decision.next === "session" && user) {
    const registrationDone =
      situation.mfaRequired && situation.registeredMethods >= situation.policy.requiredMethodCount;
    const begun = await startSession(ctx, tx, {
      tenant,
      user,
      facts,
      mfa: decision.mfa,
      client,
      registrationDone,
    });
    started = rotated ? { ...begun, rememberedDevice: rotated } : begun;
  }
  await writeLog(ctx, tx, input);
  return { ...(pendingToken ? { pendingToken } : {}), ...(started ? { started } : {}), ended };
}

function writeLog(ctx: Context, db: Db, input: CommitInput): Promise<void> {
  return recordSignIn(db, ctx.now(), logEntryOf(input));
}

/** The sign-in log line of a decision. */
function logEntryOf(input: CommitInput): SignInEntry {
  const { applied, decision, tenant, client, channel } = input;
  const { facts } = applied;
  const second = decision.next === "session" ? facts.secondFactor : null;
  return {
    tenantId: tenant.id,
    userId: facts.userId,
    // The name as typed until the first factor names the user, then the user's own.
    upn: (facts.firstFactor.provenAt !== null && input.user?.upn) || facts.upn,
    channel,
    client,
    result: decision.log.result,
    reason: decision.log.reason,
    firstFactor: facts.firstFactor.kind,
    methodId: second ? second.methodId : (applied.logMethod?.id ?? null),
    methodKind: second ? second.methodKind : (applied.logMethod?.kind ?? null),
    mfa: decision.next === "session" ? decision.mfa : null,
  };
}

/** What the user still owes, as the gates found it: kept with the facts, for the record. */
function owesOf(facts: SignInFacts, situation: Situation): SignInFacts["owes"] {
  const required = situation.policy.requiredMethodCount;
  return {
    methods: situation.mfaRequired ? Math.max(0, required - situation.registeredMethods) : 0,
    passwordChange: passwordChangeOwed(facts, situation),
  };
}

function withoutPass(applied: Applied): Applied {
  const { facts } = applied;
  return {
    ...applied,
    facts: { ...facts, firstFactor: { ...facts.firstFactor, provenAt: null }, secondFactor: null },
    refusal: { reason: "temporary_access_pass_expired_or_used" },
    passToClaim: undefined,
  };
}
