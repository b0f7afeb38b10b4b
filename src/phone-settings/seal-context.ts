/** Which of a tenant's sealed phone configurations. */
export type SealedPhoneConfig = "sms_primary" | "sms_secondary" | "voice_provider";

/**
 * Binds a sealed configuration to its tenant and column (as oathSealContext binds a seed to its
 * method): one copied to another tenant's row, or from the primary to the secondary, does not open.
 */
export function phoneSealContext(tenantId: string, column: SealedPhoneConfig): string {
  return `tenant_phone_settings.${column}:${tenantId}`;
}
