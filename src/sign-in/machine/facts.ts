import type { MfaSatisfiedBy } from "../types.ts";

/** Where a sign-in came from: the pages, or the sign-in JSON API (later OIDC, RADIUS). */
export type Channel = "pages" | "api";

/** How the user proved who they are first. */
export type FirstFactorKind = "password" | "temporaryAccessPass" | "passkey";

/** Second factors proven during the sign-in itself (the skips are decided by the gates). */
export type ProvenSecondFactor = Extract<
  MfaSatisfiedBy,
  "code" | "backupCode" | "temporaryAccessPass" | "registration" | "phoneCall" | "passkey"
>;

/**
 * What a pending sign-in has established so far: facts, never a stage. Each event adds to them;
 * the gates (gates.ts) read them, with the situation, to name the next step.
 */
export type SignInFacts = {
  readonly tenantId: string;
  /** Null only while the first factor names no user (a failed start, never stored). */
  readonly userId: string | null;
  /** The user name as typed, for the sign-in log. */
  readonly upn: string;
  readonly channel: Channel;
  readonly startedAt: number;
  /** How the sign-in began, and when that first factor was proven (null: not, or not yet). */
  readonly firstFactor: { readonly kind: FirstFactorKind; readonly provenAt: number | null };
  readonly secondFactor: {
    readonly by: ProvenSecondFactor;
    readonly at: number;
    readonly methodId: string | null;
    readonly methodKind: string | null;
  } | null;
  /** Methods registered during this sign-in. */
  readonly registered: readonly string[];
  readonly passwordChangedAt: number | null;
  /** The user asked that this browser skip the second factor next time. */
  readonly rememberDevice: boolean;
  /** "I didn't try to sign in": the sign-in goes no further. */
  readonly reportedAt: number | null;
  /** "Not now, remind me later": an enrolment campaign's postponement, taken in this sign-in. */
  readonly postponedAt?: number | null;
  /**
   * The code last sent by SMS in this sign-in: only its keyed hash (sms-code.ts), bound to this
   * sign-in. A new one replaces it; a code proven is gone with it.
   */
  readonly phoneCode?: PhoneCodeFact | null;
  /** The call last placed in this sign-in (a row of phone_messages holds what the user pressed). */
  readonly phoneCall?: PhoneCallFact | null;
  /** What the user still owed when the gates last ran (a record: the gates read the user). */
  readonly owes: { readonly methods: number; readonly passwordChange: boolean };
};

/** The method kinds that resist phishing (Entra's "Phishing-resistant MFA" strength). */
export const phishingResistantKinds: readonly string[] = ["passkey", "securityKey"];

/** Whether the second factor proven in this sign-in is phishing-resistant. */
export function phishingResistant(secondFactor: SignInFacts["secondFactor"]): boolean {
  return secondFactor !== null && phishingResistantKinds.includes(secondFactor.methodKind ?? "");
}

/** The facts of a sign-in that has just begun, before its first factor is checked. */
export function newFacts(input: {
  tenantId: string;
  upn: string;
  channel: Channel;
  firstFactor: FirstFactorKind;
  now: number;
}): SignInFacts {
  return {
    tenantId: input.tenantId,
    userId: null,
    upn: input.upn,
    channel: input.channel,
    startedAt: input.now,
    firstFactor: { kind: input.firstFactor, provenAt: null },
    secondFactor: null,
    registered: [],
    passwordChangedAt: null,
    rememberDevice: false,
    reportedAt: null,
    owes: { methods: 0, passwordChange: false },
  };
}

/** A code sent by SMS during a sign-in (SignInFacts.phoneCode). */
export type PhoneCodeFact = {
  readonly messageId: string;
  /** The phone it went to (the type a number being registered will take). */
  readonly phoneType: string;
  /** Set while a number is being registered: the number typed, `+39 3331234567`. */
  readonly phoneNumber?: string;
  readonly maskedNumber: string;
  readonly hash: string;
  readonly sentAt: number;
  readonly expiresAt: number;
  readonly resendAt: number;
};

/** A call placed during a sign-in (SignInFacts.phoneCall). */
export type PhoneCallFact = {
  readonly messageId: string;
  readonly phoneType: string;
  readonly maskedNumber: string;
  readonly placedAt: number;
  /** "Call again" works from then on. */
  readonly againAt: number;
};
