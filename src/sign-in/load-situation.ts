import type { Context } from "../context.ts";
import { isBlocked } from "../directory/is-blocked.ts";
import type { Tenant, User } from "../directory/types.ts";
import { lockedUntilOf } from "../lockout/second-factor-lockout.ts";
import {
  type PasskeyPolicy,
  passkeyPolicyFor,
  passkeyPolicyOf,
} from "../methods/passkey/passkey-policy-for.ts";
import {
  noPhoneUse,
  type PhoneOnFile,
  type PhoneUse,
  phoneUseFor,
} from "../methods/phone/phone-use.ts";
import type { PreferredPhoneMethod } from "../methods/phone/preferred-phone-method.ts";
import { registeredMethodCount } from "../methods/reregistration.ts";
import { ipInRanges } from "../network/ip-ranges.ts";
import { phishingResistantRequired } from "../policy/authentication-strength/phishing-resistant-required.ts";
import type { OathSecretRow } from "../store/queries/methods.ts";
import { isRememberedDevice } from "../store/queries/remembered-devices.ts";
import { readSignInSituation } from "../store/queries/sign-in-situation.ts";
import { runningCampaignOf } from "./campaign-situation.ts";
import type { SignInFacts } from "./machine/facts.ts";
import type { Refusal, Situation } from "./machine/situation.ts";
import { mfaRequired } from "./mfa-required.ts";
import { tokenHashes } from "./tokens.ts";
import type { ClientInfo } from "./types.ts";

/**
 * The situation, and the user's methods it counted (the code prompt lists them) and backup codes
 * left (read with them once the first factor is proven).
 */
export type LoadedSituation = {
  readonly situation: Situation;
  readonly methods: readonly OathSecretRow[];
  readonly backupCodesLeft?: number | undefined;
  /** The user's phones, and whether SMS and calls are usable for them now. */
  readonly phones: readonly PhoneOnFile[];
  readonly phoneUse: PhoneUse;
  /** The tenant's Fido2 configuration for the user: read when they have a key or may register one. */
  readonly passkeyPolicy?: PasskeyPolicy | undefined;
  /** The phone the user chose as default (`sms:mobile`…), from the user's row; null: an app. */
  readonly preferredPhoneMethod: PreferredPhoneMethod | null;
};

/**
 * Reads what the gates need about the user now. Before the first factor is proven nothing more
 * is read than the event found: the gates refuse such a sign-in on what it already knows.
 */
export async function loadSituation(
  ctx: Context,
  input: {
    tenant: Tenant;
    user: User | undefined;
    facts: SignInFacts;
    client: ClientInfo;
    refusal: Refusal | undefined;
    /** The remembered-device token the browser brought with its password. */
    deviceToken?: string | null | undefined;
  },
): Promise<LoadedSituation> {
  const { tenant, user, facts } = input;
  const now = ctx.now();
  const policy = tenant.policy;
  const db = ctx.store.db;
  const known = user && {
    blocked: isBlocked(user, now),
    // Only a fraud report's block ends by itself (fraud-report.ts); an administrator's does not.
    blockedByReport: isBlocked(user, now) && user.blockedUntil !== null,
    passwordChangeRequired: user.passwordChangeRequiredAt !== null,
    passwordChangeForced: user.passwordChangeForcedAt !== null,
  };
  const base = { now, policy, refusal: input.refusal, user: known };
  if (!user || facts.firstFactor.provenAt === null) {
    return {
      situation: {
        ...base,
        mfaRequired: true,
        trustedNetwork: false,
        deviceRemembered: false,
        phishingResistantRequired: false,
        passkeys: 0,
        activeMethods: 0,
        registeredMethods: 0,
        lockedUntil: undefined,
      },
      methods: [],
      phones: [],
      phoneUse: noPhoneUse,
      preferredPhoneMethod: null,
    };
  }
  const hashes = input.deviceToken
    ? tokenHashes(ctx.keyring, "remembered-device", input.deviceToken)
    : [];
  const [required, read, deviceRemembered, strong] = await Promise.all([
    mfaRequired(ctx, policy, user.id),
    readSignInSituation(db, user.id, now),
    hashes.length > 0 && policy.rememberDeviceDays > 0
      ? isRememberedDevice(db, { hashes, userId: user.id, now })
      : false,
    phishingResistantRequired(ctx, tenant, user.id),
  ]);
  const { methods, backupCodesLeft, phones } = read;
  const lockedUntil = lockedUntilOf(policy, read.failures);
  // The tenant's phone settings are read only for a user who may use a phone: one who has one,
  // or who may be asked to register methods. An app-only sign-in costs no extra query.
  const mayRegister = required && methods.length < policy.requiredMethodCount;
  const phoneUse =
    phones.length > 0 || mayRegister || user.reregisterRequiredAt !== null
      ? await phoneUseFor(ctx, tenant.id, user.id)
      : noPhoneUse;
  // Fido2's configuration is read only for a user who has a key, may register one, or must; from
  // the method configurations the phone check read, when it read them.
  const passkeyPolicy =
    read.passkeys > 0 || mayRegister || strong || user.reregisterRequiredAt !== null
      ? phoneUse.methods
        ? passkeyPolicyOf(phoneUse.methods)
        : await passkeyPolicyFor(ctx, tenant.id, user.id)
      : undefined;
  const passkeys = passkeyPolicy?.enabled ? read.passkeys : 0;
  const usablePhones = phones.filter(
    (p) => phoneUse.voice || (phoneUse.sms && p.phoneType !== "office"),
  );
  const registeredMethods =
    user.reregisterRequiredAt === null
      ? methods.length + usablePhones.length + passkeys
      : await registeredMethodCount(db, user, usablePhones, { passkeysUsable: passkeys > 0 });
  // Read only while registration is owed, so an ordinary sign-in costs no extra query.
  const owed = required && registeredMethods < policy.requiredMethodCount;
  const campaign = owed ? await runningCampaignOf(db, tenant.id, user.id, now) : undefined;
  return {
    situation: {
      ...base,
      mfaRequired: required,
      trustedNetwork: ipInRanges(input.client.ip, policy.trustedIpRanges),
      deviceRemembered,
      phishingResistantRequired: strong,
      passkeys,
      activeMethods: methods.length + usablePhones.length + passkeys,
      registeredMethods,
      lockedUntil,
      ...(campaign ? { campaign } : {}),
    },
    methods,
    backupCodesLeft,
    phones,
    phoneUse,
    passkeyPolicy,
    preferredPhoneMethod: user.preferredPhoneMethod,
  };
}
