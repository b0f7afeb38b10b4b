import type { Decision } from "./decision.ts";
import type { SignInFacts } from "./facts.ts";
import type { Situation } from "./situation.ts";

type WithoutGate<D> = D extends unknown ? Omit<D, "gate"> : never;

/** A decision without the name of the gate that made it (decide adds it). */
export type Stop = WithoutGate<Decision>;

/**
 * One rule of the sign-in: it passes (undefined) or stops the sign-in at a step. Pure: it reads
 * the facts and the situation, and nothing else.
 */
export type Gate = {
  readonly name: string;
  check(facts: SignInFacts, situation: Situation): Stop | undefined;
};
