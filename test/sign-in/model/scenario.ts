import fc from "fast-check";

/** The tenant's policy for one run: the settings the gates read. */
export type PolicyChoice = {
  readonly mfaRequiredFor: "all" | "group" | "none";
  readonly requiredMethodCount: 1 | 2;
  readonly trustedRanges: boolean;
  readonly rememberDeviceDays: 0 | 30;
  readonly highRiskAction: "block" | "requirePasswordChange" | "none";
  readonly reportSuspiciousActivity: boolean;
  readonly lockoutThreshold: 2 | 3 | 10;
  /** The group's members must use phishing-resistant MFA (a passkey, which the model has not). */
  readonly phishingResistantForGroup: boolean;
};

/** The user at the start of a run. */
export type UserChoice = {
  readonly inGroup: boolean;
  readonly methods: 0 | 1 | 2;
  readonly backupCodes: boolean;
  readonly passwordChangeRequired: boolean;
  /** An administrator's reset asked for a new password (Graph's forceChangePasswordNextSignIn). */
  readonly passwordChangeForced: boolean;
  readonly reregistration: "none" | "keep" | "remove";
  readonly blocked: boolean;
  readonly lockedOut: boolean;
  readonly pass: "none" | "oneTime" | "multiUse" | "later";
};

/** Where a request comes from: a trusted range of the tenant's, or elsewhere. */
type From = { readonly trusted: boolean };

export type ModelEvent =
  | ({ readonly type: "password"; readonly right: boolean; readonly withDevice: boolean } & From)
  | { readonly type: "passwordBurst" }
  | ({ readonly type: "pass"; readonly right: boolean } & From)
  | ({
      readonly type: "code";
      readonly which: "right" | "wrong" | "reused";
      readonly method: 0 | 1 | 2 | 3;
      readonly remember: boolean;
    } & From)
  | ({ readonly type: "backupCode"; readonly right: boolean; readonly remember: boolean } & From)
  | ({ readonly type: "register"; readonly right: boolean } & From)
  | ({ readonly type: "changePassword"; readonly same: boolean } & From)
  | ({ readonly type: "report" } & From)
  | { readonly type: "block" }
  | { readonly type: "unblock" }
  | { readonly type: "unlock" }
  | { readonly type: "reregister"; readonly removeMethods: boolean }
  /** An administrator sets a new password, perhaps asking for another at the next sign-in. */
  | { readonly type: "resetPassword"; readonly force: boolean }
  | { readonly type: "wait"; readonly minutes: 5 | 11 | 16 };

export type Scenario = {
  readonly policy: PolicyChoice;
  readonly user: UserChoice;
  readonly events: readonly ModelEvent[];
};

const from = { trusted: fc.boolean() };

const policy: fc.Arbitrary<PolicyChoice> = fc.record({
  mfaRequiredFor: fc.constantFrom("all", "all", "group", "none"),
  requiredMethodCount: fc.constantFrom(1, 2),
  trustedRanges: fc.boolean(),
  rememberDeviceDays: fc.constantFrom(0, 30),
  highRiskAction: fc.constantFrom("block", "requirePasswordChange", "none"),
  reportSuspiciousActivity: fc.boolean(),
  lockoutThreshold: fc.constantFrom(2, 3, 10),
  phishingResistantForGroup: fc.constantFrom(false, false, false, true),
});

const user: fc.Arbitrary<UserChoice> = fc.record({
  inGroup: fc.boolean(),
  methods: fc.constantFrom(0, 1, 1, 2),
  backupCodes: fc.boolean(),
  passwordChangeRequired: fc.constantFrom(false, false, true),
  passwordChangeForced: fc.constantFrom(false, false, false, true),
  reregistration: fc.constantFrom("none", "none", "none", "keep", "remove"),
  blocked: fc.constantFrom(false, false, false, false, false, false, false, false, false, true),
  lockedOut: fc.constantFrom(false, false, false, false, false, false, false, false, false, true),
  pass: fc.constantFrom("none", "none", "none", "oneTime", "multiUse", "later"),
});

const mostly = fc.constantFrom(true, true, true, true, false);

/** How a sign-in begins: mostly the right password, sometimes a Temporary Access Pass. */
const startEvent: fc.Arbitrary<ModelEvent> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant("password"),
      right: mostly,
      withDevice: fc.boolean(),
      ...from,
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("pass"), right: mostly, ...from }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("passwordBurst") }) },
);

const resetPassword: fc.Arbitrary<ModelEvent> = fc.record({
  type: fc.constant("resetPassword"),
  force: fc.constantFrom(true, true, false),
});

/**
 * What the user does next: codes, registration, a new password, or "I didn't try to sign in"; or
 * an administrator resets the password meanwhile.
 */
const continuation: fc.Arbitrary<ModelEvent> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant("code"),
      which: fc.constantFrom("right", "right", "right", "wrong", "reused"),
      method: fc.constantFrom(0, 0, 1, 2, 3),
      remember: fc.boolean(),
      ...from,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant("backupCode"),
      right: mostly,
      remember: fc.boolean(),
      ...from,
    }),
  },
  { weight: 4, arbitrary: fc.record({ type: fc.constant("register"), right: mostly, ...from }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant("changePassword"),
      same: fc.constantFrom(false, false, false, true),
      ...from,
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("report"), ...from }) },
  // An administrator's reset between two steps of the sign-in.
  { weight: 1, arbitrary: resetPassword },
);

/** What happens around the user: an administrator, or time passing. */
const aside: fc.Arbitrary<ModelEvent> = fc.oneof(
  fc.record({ type: fc.constant("block") }),
  fc.record({ type: fc.constant("unblock") }),
  fc.record({ type: fc.constant("unlock") }),
  fc.record({ type: fc.constant("reregister"), removeMethods: fc.boolean() }),
  resetPassword,
  fc.record({ type: fc.constant("wait"), minutes: fc.constantFrom(5, 11, 16) }),
);

/** A sign-in attempt (its start and what follows), or something aside. */
const segment: fc.Arbitrary<ModelEvent[]> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(startEvent, fc.array(continuation, { maxLength: 5 }))
      .map(([first, rest]) => [first, ...rest]),
  },
  { weight: 1, arbitrary: aside.map((event) => [event]) },
);

/** A tenant's policy, a user, and what happens: the sign-in machine's input space. */
export const scenarios: fc.Arbitrary<Scenario> = fc.record({
  policy,
  user,
  events: fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => segments.flat()),
});
