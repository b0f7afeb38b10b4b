import { type Static, Type } from "typebox";
import { maxTrustedRanges } from "../../network/ip-ranges.ts";
import { passwordResetMethods } from "../../policy/password-reset/password-reset-methods.ts";
import {
  integerRanges,
  maxPhishingResistantGroups,
  type TenantPolicy,
} from "../../policy/tenant-policy.ts";
import { Nullable } from "../contracts/nullable.ts";

// The tenant's policy as the admin API reads and writes it: every field of TenantPolicy with its
// type and, for the integers, the range the domain checks (src/policy/tenant-policy.ts).

const ranged = (field: keyof typeof integerRanges, description: string) =>
  Type.Integer({
    minimum: integerRanges[field][0],
    maximum: integerRanges[field][1],
    description,
  });

const policyFields = {
  totpWindow: ranged(
    "totpWindow",
    "TOTP steps accepted before and after the current one (clock drift of the user's phone)",
  ),
  mfaRequiredFor: Type.Enum(["all", "group", "none"], {
    description: "Who must use a second factor: everyone, the members of mfaGroupId, or nobody",
  }),
  mfaGroupId: Nullable(Type.String({ description: "The group when mfaRequiredFor is group" })),
  requiredMethodCount: Type.Enum([1, 2], {
    description: "Methods a user must register before a session starts",
  }),
  lockoutThreshold: ranged("lockoutThreshold", "Wrong second factors that lock the user out"),
  lockoutResetMinutes: ranged("lockoutResetMinutes", "Minutes after which the count starts again"),
  lockoutMinutes: ranged("lockoutMinutes", "Minutes a lockout lasts"),
  passwordAttemptsPerAddress: ranged(
    "passwordAttemptsPerAddress",
    "Password attempts from one client address in 15 minutes, over all the tenant's users",
  ),
  trustedIpRanges: Type.Array(Type.String({ description: "CIDR, IPv4 or IPv6" }), {
    description: `Ranges whose sign-ins skip MFA; at most ${maxTrustedRanges} distinct ones`,
  }),
  rememberDeviceDays: ranged(
    "rememberDeviceDays",
    "Days a browser may skip MFA once remembered; 0: never",
  ),
  sessionIdleMinutes: ranged("sessionIdleMinutes", "Minutes of inactivity that end a session"),
  sessionMaxHours: ranged("sessionMaxHours", "Hours after which a session ends in any case"),
  recentAuthenticationMinutes: ranged(
    "recentAuthenticationMinutes",
    "How recent a second factor must be to change methods or open the admin pages",
  ),
  tapMinimumLifetimeMinutes: ranged(
    "tapMinimumLifetimeMinutes",
    "The shortest lifetime of a Temporary Access Pass",
  ),
  tapMaximumLifetimeMinutes: ranged(
    "tapMaximumLifetimeMinutes",
    "The longest lifetime of a Temporary Access Pass",
  ),
  tapDefaultLifetimeMinutes: ranged(
    "tapDefaultLifetimeMinutes",
    "The lifetime offered, from the shortest to the longest",
  ),
  tapLength: ranged("tapLength", "Characters of a Temporary Access Pass"),
  tapUsableOnceOnly: Type.Boolean({ description: "Every pass must be one-time" }),
  reportSuspiciousActivity: Type.Boolean({
    description: `"I didn't try to sign in" on the code prompt`,
  }),
  highRiskAction: Type.Enum(["block", "requirePasswordChange", "none"], {
    description: "What a fraud report's high risk does",
  }),
  fraudNotificationEmails: Type.Array(Type.String({ maxLength: 254 }), {
    maxItems: 10,
    description: "Who gets an e-mail when a user reports fraud",
  }),
  helpdeskContact: Type.String({
    maxLength: 200,
    description: "How users reach the helpdesk, one line shown on the pages; empty: not shown",
  }),
  timeZone: Type.String({
    maxLength: 64,
    description: "The IANA time zone of the dates and times on pages and in e-mails",
  }),
  phishingResistantForAdministrators: Type.Boolean({
    description:
      "Every holder of an administrator role must sign in with a passkey or a security key (Entra's phishing-resistant MFA)",
  }),
  phishingResistantGroupIds: Type.Array(Type.String({ maxLength: 100 }), {
    maxItems: maxPhishingResistantGroups,
    description: `The members of these groups of the tenant must sign in with a passkey or a security key; at most ${maxPhishingResistantGroups}`,
  }),
  passwordResetEnabledFor: Type.Enum(["all", "group", "none"], {
    description:
      "Who may reset a forgotten password themselves: everyone, the members of passwordResetGroupId, or nobody",
  }),
  passwordResetGroupId: Nullable(
    Type.String({ description: "The group when passwordResetEnabledFor is group" }),
  ),
  passwordResetMethodsRequired: Type.Enum([1, 2], {
    description:
      "Methods a user proves to reset a password; with 1 only codes count (e-mail, SMS, app). Administrators always prove 2",
  }),
  passwordResetMethods: Type.Array(Type.Enum([...passwordResetMethods]), {
    maxItems: passwordResetMethods.length,
    description: "The methods that may be used to reset a password",
  }),
  passwordResetRegistrationRequired: Type.Boolean({
    description:
      "Users who may reset their password but have too few of its methods are asked to register them after signing in",
  }),
  securityQuestionsEnabled: Type.Boolean({
    description:
      "Users who hold no administrator role may register security questions, to reset a forgotten password",
  }),
  securityQuestionsToRegister: ranged(
    "securityQuestionsToRegister",
    "Security questions a user answers to register them",
  ),
  securityQuestionsToAnswer: ranged(
    "securityQuestionsToAnswer",
    "Security questions a password reset asks; not more than securityQuestionsToRegister",
  ),
  appPasswordsAllowed: Type.Boolean({
    description:
      "Users may create app passwords for mail clients and other programs that cannot do MFA (checked at POST /api/v1/validate/app-password); off by default",
  }),
};

/** The policy as the API answers it. */
export const TenantPolicyBody = Type.Object(
  { id: Type.Literal("authenticationMethodsPolicy"), ...policyFields },
  { description: "The tenant's MFA policy: every setting" },
);

/** A change: any of the fields, the others stay; `id` may come back as it was read. */
export const TenantPolicyChanges = Type.Object(
  {
    id: Type.Optional(Type.String({ description: "Ignored" })),
    ...Type.Partial(Type.Object(policyFields)).properties,
    authenticationMethodConfigurations: Type.Optional(
      Type.Array(Type.Unknown(), {
        description: "Ignored, so a policy read can be sent back: change a method at its own path",
      }),
    ),
  },
  { additionalProperties: false, description: "The fields to change" },
);

// The compiler keeps this shape and TenantPolicy in step: a field added to one and not the
// other, or of another type, fails the type check here.
type Writable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type Shape = Omit<Static<typeof TenantPolicyBody>, "id">;
export type TenantPolicyFieldsInStep = Assert<Same<keyof Shape, keyof TenantPolicy>>;
export type TenantPolicyTypesInStep = Assert<Same<Shape, Writable<TenantPolicy>>>;
