import { type Static, type TObject, Type } from "typebox";
import {
  type MfaSatisfiedBy,
  passkeyRegistrationErrors,
  type SentPhoneCode as SentCode,
  type SignInStep,
} from "../../sign-in/types.ts";
import { DateTime, isoTime } from "../contracts/nullable.ts";

// A step of the sign-in machine as the JSON API answers it, one shape per state; the HTTP status
// tells them apart first (200: the sign-in goes on or is done, 401: refused, 423: locked out,
// 429: throttled).

const state = <S extends string>(name: S, description: string) =>
  Type.Literal(name, { description });

const MethodChoice = Type.Object(
  {
    id: Type.String({ description: "An app's method id, or sms:<phoneType> for a phone" }),
    kind: Type.Enum(["app", "sms", "voice"]),
    label: Type.String({ description: "An app's name, or a phone number masked" }),
    isDefault: Type.Boolean(),
    failedAttempts: Type.Integer({ description: "Wrong codes since the last right one" }),
    digits: Type.Integer({ description: "The code's length" }),
  },
  { additionalProperties: false },
);

const mfaValues: readonly MfaSatisfiedBy[] = [
  "code",
  "backupCode",
  "trustedIp",
  "rememberedDevice",
  "notRequired",
  "registration",
  "temporaryAccessPass",
  "registrationPostponed",
  "phoneCall",
  "passkey",
];
const BackupCodes = Type.Array(Type.String(), {
  description: "Made now, after the first method was registered: shown once",
});

const phoneCodeErrors = [
  "phone_code_cooldown",
  "phone_limit_reached",
  "phone_number_not_allowed",
  "phone_method_unavailable",
  "invalid_phone_number",
  "phone_country_code_required",
  "phone_send_failed",
  "phone_call_waiting",
  "phone_call_denied",
  "voice_call_failed",
] as const;
const SecondFactorError = Type.Enum(["invalid_code", "passkey_failed", ...phoneCodeErrors], {
  description:
    "invalid_code: the code was refused; passkey_failed: the passkey or security key was not accepted; phone_call_*: the call is not approved (yet); the others: no code was sent by SMS, or no call placed (docs/errors.md)",
});
const RegisterError = Type.Enum(
  ["invalid_code", ...phoneCodeErrors, ...passkeyRegistrationErrors],
  {
    description:
      "invalid_code: the code was refused; passkey_* and too_many_passkeys: the passkey was not registered; the others: no code was sent by SMS (docs/errors.md)",
  },
);
const PasskeyChoice = Type.Object(
  {
    count: Type.Integer({ description: "The user's passkeys and security keys" }),
    required: Type.Boolean({
      description:
        "Only a passkey or security key will do: the tenant requires phishing-resistant MFA",
    }),
  },
  { additionalProperties: false, description: "Sign in with a passkey (POST …/passkey/options)" },
);
const SentPhoneCode = Type.Object(
  {
    phoneType: Type.String(),
    maskedNumber: Type.String(),
    resendDateTime: Type.String({ format: "date-time", description: "Send again from then on" }),
    expiresDateTime: Type.String({ format: "date-time" }),
  },
  { additionalProperties: false, description: "The code last sent by SMS, while it is valid" },
);

const PlacedCall = Type.Object(
  {
    phoneType: Type.String(),
    maskedNumber: Type.String(),
    status: Type.Enum(["calling", "approved", "denied"], {
      description:
        "calling: ringing or waiting for a key; denied: denied, reported, unanswered or failed",
    }),
    againDateTime: Type.String({ format: "date-time", description: "Call again from then on" }),
  },
  { additionalProperties: false, description: "The call last placed in this sign-in" },
);

const strict = <T extends TObject>(schema: T) =>
  Type.With(schema, { additionalProperties: false }) as T;

const SecondFactor = strict(
  Type.Object({
    state: state("second_factor", "A code from one of the methods, or a backup code, is asked for"),
    methods: Type.Array(MethodChoice),
    backupCodesLeft: Type.Integer(),
    rememberDeviceDays: Type.Integer({ description: "0: this browser cannot be remembered" }),
    canReport: Type.Boolean({ description: 'Whether "I didn\'t try to sign in" is offered' }),
    phoneCode: Type.Optional(SentPhoneCode),
    phoneCall: Type.Optional(PlacedCall),
    passkey: Type.Optional(PasskeyChoice),
    error: Type.Optional(SecondFactorError),
  }),
);
const ChangePassword = strict(
  Type.Object({
    state: state(
      "change_password",
      "A new password before the session starts: high risk, or an administrator's reset",
    ),
    reason: Type.Enum(["risk", "administrator"], {
      description:
        "Why: risk, high risk asks for it; administrator, an administrator reset the password with forceChangePasswordNextSignIn",
    }),
    error: Type.Optional(
      Type.Union([
        Type.Literal("invalid_password", {
          description: "The new password was refused: the old one, or outside the rules",
        }),
        Type.Literal("password_too_guessable", {
          description: "The new password was refused: common, or too easy to guess",
        }),
      ]),
    ),
  }),
);
const Register = strict(
  Type.Object({
    state: state("register", "Methods to register before the session starts (method N of M)"),
    required: Type.Integer(),
    registered: Type.Integer(),
    backupCodes: Type.Optional(BackupCodes),
    phoneOffered: Type.Optional(
      Type.Boolean({ description: "A phone may be registered here (POST …/register/phone)" }),
    ),
    phoneCode: Type.Optional(SentPhoneCode),
    passkeyOffered: Type.Optional(
      Type.Boolean({
        description: "A passkey or security key may be registered here (POST …/passkey/options)",
      }),
    ),
    passkeyRequired: Type.Optional(
      Type.Boolean({
        description: "Only a passkey or security key will do (phishing-resistant MFA required)",
      }),
    ),
    error: Type.Optional(RegisterError),
    postpone: Type.Optional(
      Type.Object(
        {
          left: Type.Integer({ description: "Postponements left before the deadline" }),
          deadlineDateTime: Type.String({ format: "date-time" }),
        },
        {
          additionalProperties: false,
          description:
            "An enrolment campaign lets the user postpone registration (POST …/register/postpone)",
        },
      ),
    ),
  }),
);
const SignedIn = strict(
  Type.Object({
    state: state("signed_in", "The session started; its token is in the session cookie"),
    mfa: Type.Enum(mfaValues, { description: "How MFA was satisfied (docs/events.md)" }),
    backupCodes: Type.Optional(BackupCodes),
  }),
);
const FraudReported = strict(
  Type.Object({
    state: state("fraud_reported", '"I didn\'t try to sign in": the sign-in is over'),
    action: Type.Enum(["block", "requirePasswordChange", "none"], {
      description: "What the tenant does about it (highRiskAction)",
    }),
  }),
);
const Refused = strict(
  Type.Object({
    state: Type.Enum(["failed", "expired"], {
      description:
        "failed: the user name, password or pass is not right (one answer for every reason); expired: the sign-in is over, start again",
    }),
    reason: Type.Optional(
      Type.Enum(["timed_out", "attempts_used_up"], {
        description:
          "With expired: why. timed_out: its 10 minutes are over (or no sign-in is pending); attempts_used_up: its wrong codes used up the attempts one sign-in has",
      }),
    ),
  }),
);
const NotYetValid = strict(
  Type.Object({
    state: state("pass_not_yet_valid", "The Temporary Access Pass is right, but starts later"),
    startAt: DateTime,
  }),
);
const Locked = strict(
  Type.Object({
    state: state("locked", "Too many wrong codes: no code is checked until lockedUntil"),
    lockedUntil: DateTime,
    helpdeskContact: Type.Optional(Type.String({ description: "Whom to ask, when set" })),
  }),
);
const Throttled = strict(
  Type.Object({
    state: state("throttled", "Too many failed passwords: try again at retryAt"),
    retryAt: DateTime,
  }),
);

/** The step answers, by status. */
export const StepResponses = {
  200: Type.Union([SecondFactor, ChangePassword, Register, SignedIn, FraudReported], {
    description: "The sign-in goes on (the next step), or is done",
  }),
  401: Type.Union([Refused, NotYetValid], { description: "Refused, or over" }),
  423: Type.With(Locked, { description: "Locked out" }),
  429: Type.With(Throttled, { description: "Throttled" }),
};

type StepJson =
  | Static<(typeof StepResponses)[200]>
  | Static<(typeof StepResponses)[401]>
  | Static<typeof Locked>
  | Static<typeof Throttled>;

/** The status of each step. */
export const statusOf: Record<SignInStep["kind"], 200 | 401 | 423 | 429> = {
  failed: 401,
  blocked: 401,
  throttled: 429,
  expired: 401,
  locked: 423,
  pass_not_yet_valid: 401,
  fraud_reported: 200,
  change_password: 200,
  second_factor: 200,
  register: 200,
  signed_in: 200,
};

/** A step as JSON: no token in it (the cookies carry them), times as ISO 8601. */
export function stepJson(step: SignInStep): StepJson {
  switch (step.kind) {
    case "failed":
      return { state: step.kind };
    case "expired":
      return { state: step.kind, reason: step.reason };
    // The JSON API keeps the one answer of a refused first factor for a blocked user.
    case "blocked":
      return { state: "failed" };
    case "throttled":
      return { state: step.kind, retryAt: isoTime(step.retryAt) };
    case "locked":
      return {
        state: step.kind,
        lockedUntil: isoTime(step.until),
        ...(step.helpdeskContact ? { helpdeskContact: step.helpdeskContact } : {}),
      };
    case "pass_not_yet_valid":
      return { state: step.kind, startAt: isoTime(step.startAt) };
    case "fraud_reported":
      return { state: step.kind, action: step.action };
    case "change_password":
      return {
        state: step.kind,
        reason: step.reason,
        ...(step.error ? { error: step.error } : {}),
      };
    case "second_factor":
      return {
        state: step.kind,
        methods: [...step.methods],
        backupCodesLeft: step.backupCodesLeft,
        rememberDeviceDays: step.rememberDeviceDays,
        canReport: step.canReport,
        ...(step.phoneCode ? { phoneCode: sentPhoneCodeJson(step.phoneCode) } : {}),
        ...(step.phoneCall
          ? {
              phoneCall: {
                phoneType: step.phoneCall.phoneType,
                maskedNumber: step.phoneCall.maskedNumber,
                status: step.phoneCall.status,
                againDateTime: isoTime(step.phoneCall.againAt),
              },
            }
          : {}),
        ...(step.passkey ? { passkey: { ...step.passkey } } : {}),
        ...(step.error ? { error: step.error } : {}),
      };
    case "register":
      return {
        state: step.kind,
        required: step.required,
        registered: step.registered,
        ...(step.backupCodes ? { backupCodes: [...step.backupCodes] } : {}),
        ...(step.phoneOffered ? { phoneOffered: true } : {}),
        ...(step.phoneCode ? { phoneCode: sentPhoneCodeJson(step.phoneCode) } : {}),
        ...(step.passkeyOffered ? { passkeyOffered: true } : {}),
        ...(step.passkeyRequired ? { passkeyRequired: true } : {}),
        ...(step.error ? { error: step.error } : {}),
        ...(step.postpone
          ? {
              postpone: {
                left: step.postpone.left,
                deadlineDateTime: new Date(step.postpone.deadlineAt).toISOString(),
              },
            }
          : {}),
      };
    case "signed_in":
      return {
        state: step.kind,
        mfa: step.mfa,
        ...(step.backupCodes ? { backupCodes: [...step.backupCodes] } : {}),
      };
  }
}

function sentPhoneCodeJson(sent: SentCode) {
  return {
    phoneType: sent.phoneType,
    maskedNumber: sent.maskedNumber,
    resendDateTime: isoTime(sent.resendAt),
    expiresDateTime: isoTime(sent.expiresAt),
  };
}
