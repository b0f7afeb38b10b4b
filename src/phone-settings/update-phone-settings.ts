import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { seal } from "../crypto/seal.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { writePhoneSettings } from "../store/queries/tenant-phone-settings.ts";
import { applyPhoneChanges } from "./apply-phone-changes.ts";
import {
  type PhoneSettings,
  type PhoneSettingsChanges,
  phoneSettingsFields,
} from "./phone-settings.ts";
import { gatewayDestination } from "./phone-settings-summary.ts";
import { readPhoneSettingsIn } from "./read-phone-settings.ts";
import { phoneSealContext } from "./seal-context.ts";

const gatewayFields = ["smsPrimary", "smsSecondary", "voiceProvider"] as const;

/**
 * Changes the fields given and keeps the others; `null` removes a gateway or the provider, and a
 * gateway sent without its credential keeps the stored one while its kind and address stay.
 * Every value is checked before anything is written: a refusal (with its code, the detail naming
 * the field) changes nothing. The row and its audit entry are written in one transaction, and only
 * over the version that was read (phone_settings_changed otherwise). The audit entry says which
 * fields changed, the values of the plain ones, and of a gateway only its kind and destination.
 */
export async function updatePhoneSettings(
  ctx: Context,
  actor: Actor,
  tenantId: string,
  changes: PhoneSettingsChanges,
): Promise<PhoneSettings> {
  const { settings: before } = await readPhoneSettingsIn(ctx.store.db, ctx.keyring, tenantId);
  const after = applyPhoneChanges(before, changes);
  const changed = phoneSettingsFields.filter(
    (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  );
  if (changed.length === 0) return before;

  const now = ctx.now();
  const version = before.version + 1;
  const sealed = (
    field: (typeof gatewayFields)[number],
    column: Parameters<typeof phoneSealContext>[1],
  ) => {
    const config = after[field];
    return config === undefined
      ? null
      : seal(
          ctx.keyring,
          Buffer.from(JSON.stringify(config), "utf8"),
          phoneSealContext(tenantId, column),
        );
  };
  await ctx.store.transaction(async (tx) => {
    const written = await writePhoneSettings(
      tx,
      {
        tenant_id: tenantId,
        sms_primary_sealed: sealed("smsPrimary", "sms_primary"),
        sms_secondary_sealed: sealed("smsSecondary", "sms_secondary"),
        voice_provider_sealed: sealed("voiceProvider", "voice_provider"),
        country: after.country,
        allowed_countries: JSON.stringify(after.allowedCountries),
        messages_per_user_per_hour: after.messagesPerUserPerHour,
        messages_per_number_per_hour: after.messagesPerNumberPerHour,
        messages_per_tenant_per_hour: after.messagesPerTenantPerHour,
        monthly_message_cap: after.monthlyMessageCap,
        caller_id: after.callerId,
        fraud_code: after.fraudCode,
        code_length: after.codeLength,
        code_lifetime_minutes: after.codeLifetimeMinutes,
        resend_cooldown_seconds: after.resendCooldownSeconds,
        version,
        updated_at: now,
      },
      before.version,
    );
    if (!written) throw new VarcoError("phone_settings_changed");
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId,
        action: "Update phone settings",
        targetType: "tenant",
        targetId: tenantId,
        details: auditDetails(before, after, changed),
      },
    );
  });
  return { ...after, version, updatedAt: now };
}

/** What the audit entry keeps: never a password, token, header, body or query string. */
function auditDetails(
  before: PhoneSettings,
  after: PhoneSettings,
  changed: readonly (typeof phoneSettingsFields)[number][],
): Record<string, unknown> {
  const details: Record<string, unknown> = { changed };
  for (const field of changed) {
    if ((gatewayFields as readonly string[]).includes(field)) {
      const gateway = field as (typeof gatewayFields)[number];
      details[field] = {
        before: gatewayDestination(before[gateway]),
        after: gatewayDestination(after[gateway]),
      };
    } else {
      const plain = field as Exclude<typeof field, (typeof gatewayFields)[number]>;
      details[field] = { before: before[plain], after: after[plain] };
    }
  }
  return details;
}
