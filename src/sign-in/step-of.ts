import type { Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import { maskPhoneNumber } from "../methods/phone/mask-phone-number.ts";
import { countUnusedBackupCodes } from "../store/queries/backup-codes.ts";
import { findPhoneMessage } from "../store/queries/phone-messages.ts";
import type { Applied } from "./events/event.ts";
import type { LoadedSituation } from "./load-situation.ts";
import type { Decision } from "./machine/decision.ts";
import type { SignInFacts } from "./machine/facts.ts";
import type {
  IssuedToken,
  MethodChoice,
  PhoneCodeError,
  PlacedCall,
  SentPhoneCode,
  SignInStep,
} from "./types.ts";

/**
 * What the user is shown after a decision: the step with what its page or JSON answer needs (the
 * methods to choose from, the backup codes made now, the error of a refused event).
 */
export async function stepOf(
  ctx: Context,
  input: {
    decision: Decision;
    tenant: Tenant;
    loaded: LoadedSituation;
    applied?: Applied | undefined;
    pendingToken: string | undefined;
    started?:
      | { readonly session: IssuedToken; readonly rememberedDevice?: IssuedToken }
      | undefined;
    mailError?: unknown;
    /** Whether what the event asked to send went out; unset when it asked nothing. */
    delivered?: boolean | undefined;
  },
): Promise<SignInStep> {
  const { decision, tenant, loaded, applied, pendingToken } = input;
  const policy = tenant.policy;
  const refused = applied?.refusal?.reason;
  const backupCodes = applied?.backupCodes ? { backupCodes: applied.backupCodes } : {};
  const phoneError = phoneErrorOf(applied, input.delivered);
  const phoneCode = sentPhoneCodeOf(applied?.facts, ctx.now());
  switch (decision.next) {
    case "failed":
      return { kind: "failed", reason: "invalid_credentials" };
    case "throttled":
      return { kind: "throttled", retryAt: decision.retryAt };
    case "expired":
      // The only decision "expired" comes after an event refused for the pending sign-in's spent
      // budget of attempts; a sign-in that timed out has no decision (sign-in-machine.ts).
      return {
        kind: "expired",
        reason: refused === "sign_in_expired" ? "attempts_used_up" : "timed_out",
      };
    case "blocked":
      return { kind: "blocked", helpdeskContact: policy.helpdeskContact };
    case "locked":
      return { kind: "locked", until: decision.until, helpdeskContact: policy.helpdeskContact };
    case "pass_not_yet_valid":
      return { kind: "pass_not_yet_valid", startAt: decision.startAt };
    case "fraud_reported":
      return {
        kind: "fraud_reported",
        action: policy.highRiskAction,
        helpdeskContact: policy.helpdeskContact,
        administratorNotified:
          policy.fraudNotificationEmails.length > 0 && ctx.mail !== undefined && !input.mailError,
        ...(input.mailError ? { mailError: input.mailError } : {}),
      };
    case "second_factor": {
      const userId = applied?.facts.userId;
      const onlyKeys = decision.passkeyRequired === true;
      const phones = onlyKeys ? [] : phoneChoices(loaded);
      const phoneDefault = phones.some((choice) => choice.isDefault);
      const { passkeys } = loaded.situation;
      return {
        kind: "second_factor",
        pendingToken: pendingToken ?? "",
        methods: (onlyKeys ? [] : loaded.methods)
          .map(
            ({ id, label, isDefault, failedAttempts, digits }): MethodChoice => ({
              id,
              kind: "app",
              label,
              isDefault: isDefault && !phoneDefault,
              failedAttempts,
              digits,
            }),
          )
          .concat(phones),
        backupCodesLeft: onlyKeys
          ? 0
          : (loaded.backupCodesLeft ??
            (userId ? await countUnusedBackupCodes(ctx.store.db, userId) : 0)),
        rememberDeviceDays: policy.rememberDeviceDays,
        canReport: policy.reportSuspiciousActivity,
        ...(phoneCode && !phoneCode.registering ? { phoneCode: phoneCode.shown } : {}),
        ...(await placedCallOf(ctx, applied?.facts)),
        ...(passkeys > 0 || onlyKeys ? { passkey: { count: passkeys, required: onlyKeys } } : {}),
        ...(refused === "invalid_code" || refused === "code_reused"
          ? { error: "invalid_code" as const }
          : refused === "passkey_failed" || refused === "passkey_cloned"
            ? { error: "passkey_failed" as const }
            : phoneError
              ? { error: phoneError }
              : {}),
      };
    }
    case "change_password":
      return {
        kind: "change_password",
        pendingToken: pendingToken ?? "",
        reason: decision.reason,
        ...(applied?.refusal?.reason === "invalid_new_password"
          ? {
              error: applied.refusal.guessable
                ? ("password_too_guessable" as const)
                : ("invalid_password" as const),
            }
          : {}),
      };
    case "register":
      return {
        kind: "register",
        pendingToken: pendingToken ?? "",
        required: decision.required,
        registered: decision.registered,
        ...(applied?.facts.firstFactor.kind === "temporaryAccessPass"
          ? { afterPass: true as const }
          : {}),
        ...backupCodes,
        ...(loaded.phoneUse.sms && !decision.passkeyRequired
          ? { phoneOffered: true as const }
          : {}),
        ...(ctx.relyingParty && loaded.passkeyPolicy?.enabled
          ? { passkeyOffered: true as const }
          : {}),
        ...(decision.passkeyRequired ? { passkeyRequired: true as const } : {}),
        ...(phoneCode?.registering ? { phoneCode: phoneCode.shown } : {}),
        ...(refused === "invalid_code"
          ? { error: "invalid_code" as const }
          : applied?.refusal?.reason === "passkey_registration_failed"
            ? { error: applied.refusal.code }
            : phoneError
              ? { error: phoneError }
              : {}),
        ...postponeOffer(decision, loaded),
      };
    case "session": {
      const started = input.started;
      if (!started) return { kind: "expired", reason: "timed_out" };
      return {
        kind: "signed_in",
        session: started.session,
        ...(started.rememberedDevice ? { rememberedDevice: started.rememberedDevice } : {}),
        mfa: decision.mfa,
        ...backupCodes,
      };
    }
  }
}

/**
 * "Not now, remind me later (N left)": offered while an enrolment campaign runs and has
 * postponements left for the user, when registration is what the MFA or registration gate asks
 * (not when high risk asks for a proof).
 */
function postponeOffer(decision: Decision, loaded: LoadedSituation) {
  const { campaign, user } = loaded.situation;
  const byGate = decision.gate === "mfa" || decision.gate === "registration";
  if (!byGate || !campaign || campaign.postponementsLeft <= 0 || user?.passwordChangeRequired)
    return {};
  return { postpone: { left: campaign.postponementsLeft, deadlineAt: campaign.deadlineAt } };
}

/**
 * The user's phones as choices on the code prompt: "Text" for mobiles while SMS is usable, "Call"
 * for every phone while calls are. The choice the user's preference names is the default; a
 * preference whose method is not usable now names no choice, and the default app stays default.
 */
function phoneChoices(loaded: LoadedSituation): MethodChoice[] {
  const { phoneUse, preferredPhoneMethod } = loaded;
  const digits = phoneUse.settings?.codeLength ?? 6;
  const idOf = (id: string) => ({ id, isDefault: id === preferredPhoneMethod });
  return loaded.phones.flatMap((phone) => {
    const label = maskPhoneNumber(phone.phoneNumber);
    const choice = { label, failedAttempts: 0, digits };
    return [
      ...(phoneUse.sms && phone.phoneType !== "office"
        ? [{ ...choice, ...idOf(`sms:${phone.phoneType}`), kind: "sms" as const }]
        : []),
      ...(phoneUse.voice
        ? [{ ...choice, ...idOf(`voice:${phone.phoneType}`), kind: "voice" as const }]
        : []),
    ];
  });
}

/** The code last sent by SMS while it is still valid, as the page shows it. */
function sentPhoneCodeOf(
  facts: SignInFacts | undefined,
  now: number,
): { shown: SentPhoneCode; registering: boolean } | undefined {
  const sent = facts?.phoneCode;
  if (!sent || sent.expiresAt <= now) return undefined;
  const { phoneType, maskedNumber, resendAt, expiresAt, phoneNumber } = sent;
  return {
    shown: {
      phoneType,
      maskedNumber,
      resendAt,
      expiresAt,
      ...(phoneNumber === undefined ? {} : { phoneNumber }),
    },
    registering: sent.phoneNumber !== undefined,
  };
}

const phoneRefusals: ReadonlySet<string> = new Set<PhoneCodeError>([
  "phone_code_cooldown",
  "phone_limit_reached",
  "phone_number_not_allowed",
  "phone_method_unavailable",
  "invalid_phone_number",
  "phone_country_code_required",
  "phone_call_waiting",
  "phone_call_denied",
]);

/** Why a code by SMS did not go out: refused before sending, or not taken by the gateway. */
function phoneErrorOf(
  applied: Applied | undefined,
  delivered: boolean | undefined,
): PhoneCodeError | undefined {
  const reason = applied?.refusal?.reason;
  if (reason && phoneRefusals.has(reason)) return reason as PhoneCodeError;
  if (delivered !== false) return undefined;
  return applied?.logMethod?.kind === "voice" ? "voice_call_failed" : "phone_send_failed";
}

/** The call last placed in this sign-in, with what the provider's callbacks recorded of it. */
async function placedCallOf(
  ctx: Context,
  facts: SignInFacts | undefined,
): Promise<{ phoneCall?: PlacedCall }> {
  const call = facts?.phoneCall;
  if (!call) return {};
  const row = await findPhoneMessage(ctx.store.db, call.messageId);
  const status =
    row?.status === "calling" ? "calling" : row?.status === "approved" ? "approved" : "denied";
  const { phoneType, maskedNumber, againAt } = call;
  return { phoneCall: { phoneType, maskedNumber, status, againAt } };
}
