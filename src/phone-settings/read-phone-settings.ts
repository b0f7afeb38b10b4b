import type { Context } from "../context.ts";
import type { Keyring } from "../crypto/keyring.ts";
import { openSealed } from "../crypto/open-sealed.ts";
import type { SmsGatewayConfig } from "../sender/sms/sms-gateway.ts";
import type { VoiceProviderConfig } from "../sender/voice/voice-provider-config.ts";
import type { Db } from "../store/open-store.ts";
import { findPhoneSettings } from "../store/queries/tenant-phone-settings.ts";
import type { TenantPhoneSettingsTable } from "../store/schema.ts";
import { defaultPhoneSettings } from "./default-phone-settings.ts";
import type { PhoneSettings } from "./phone-settings.ts";
import { phoneSealContext, type SealedPhoneConfig } from "./seal-context.ts";

/**
 * The tenant's phone settings with its gateways opened; the defaults while it has no row. A
 * sealed value that does not open (another master key, a copied row) throws sealed_data_invalid:
 * sending nowhere is better than guessing.
 */
export async function readPhoneSettings(ctx: Context, tenantId: string): Promise<PhoneSettings> {
  return (await readPhoneSettingsIn(ctx.store.db, ctx.keyring, tenantId)).settings;
}

/** The same inside a transaction, with the row as stored (for the update that follows). */
export async function readPhoneSettingsIn(
  db: Db,
  keyring: Keyring,
  tenantId: string,
): Promise<{ settings: PhoneSettings; row: TenantPhoneSettingsTable | undefined }> {
  const row = await findPhoneSettings(db, tenantId);
  if (!row) return { settings: defaultPhoneSettings, row };
  const open = <T>(sealed: string | null, column: SealedPhoneConfig): T | undefined =>
    sealed === null
      ? undefined
      : (JSON.parse(
          openSealed(keyring, sealed, phoneSealContext(tenantId, column)).toString("utf8"),
        ) as T);
  const smsPrimary = open<SmsGatewayConfig>(row.sms_primary_sealed, "sms_primary");
  const smsSecondary = open<SmsGatewayConfig>(row.sms_secondary_sealed, "sms_secondary");
  const voiceProvider = open<VoiceProviderConfig>(row.voice_provider_sealed, "voice_provider");
  const settings: PhoneSettings = {
    ...(smsPrimary ? { smsPrimary } : {}),
    ...(smsSecondary ? { smsSecondary } : {}),
    ...(voiceProvider ? { voiceProvider } : {}),
    country: row.country,
    allowedCountries: JSON.parse(row.allowed_countries) as string[],
    messagesPerUserPerHour: Number(row.messages_per_user_per_hour),
    messagesPerNumberPerHour: Number(row.messages_per_number_per_hour),
    messagesPerTenantPerHour: Number(row.messages_per_tenant_per_hour),
    monthlyMessageCap: Number(row.monthly_message_cap),
    callerId: row.caller_id,
    fraudCode: row.fraud_code,
    codeLength: Number(row.code_length),
    codeLifetimeMinutes: Number(row.code_lifetime_minutes),
    resendCooldownSeconds: Number(row.resend_cooldown_seconds),
    version: Number(row.version),
    updatedAt: Number(row.updated_at),
  };
  return { settings, row };
}
