/**
 * The tables as Kysely sees them. Times are epoch milliseconds (bigint in PostgreSQL, integer in
 * SQLite, read back as numbers); flags are 0/1 integers; JSON is text. The same types on both
 * databases keep the two implementations identical.
 */

import type { RiskDetail, RiskLevel, RiskState } from "../risk/risk-values.ts";
export type Database = {
  tenants: TenantsTable;
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  auth_methods: AuthMethodsTable;
  api_keys: ApiKeysTable;
  sign_in_log: SignInLogTable;
  audit_log: AuditLogTable;
  audit_chain: AuditChainTable;
  counters: CountersTable;
  single_use_claims: SingleUseClaimsTable;
  pending_sign_ins: PendingSignInsTable;
  sessions: SessionsTable;
  remembered_devices: RememberedDevicesTable;
  backup_codes: BackupCodesTable;
  temporary_access_passes: TemporaryAccessPassesTable;
  api_clients: ApiClientsTable;
  role_assignments: RoleAssignmentsTable;
  hardware_tokens: HardwareTokensTable;
  risky_users: RiskyUsersTable;
  risk_detections: RiskDetectionsTable;
  token_import_outcomes: TokenImportOutcomesTable;
  master_key_checks: MasterKeyChecksTable;
  tenant_domains: TenantDomainsTable;
  directory_sources: DirectorySourcesTable;
  scim_tokens: ScimTokensTable;
  enrolment_campaigns: EnrolmentCampaignsTable;
  campaign_users: CampaignUsersTable;
  tenant_branding: TenantBrandingTable;
  phone_methods: PhoneMethodsTable;
  phone_messages: PhoneMessagesTable;
  voice_greetings: VoiceGreetingsTable;
  tenant_phone_settings: TenantPhoneSettingsTable;
  authentication_method_configurations: AuthenticationMethodConfigurationsTable;
  passkey_credentials: PasskeyCredentialsTable;
  webauthn_challenges: WebauthnChallengesTable;
  password_resets: PasswordResetsTable;
  email_methods: EmailMethodsTable;
  email_codes: EmailCodesTable;
  security_question_custom: SecurityQuestionCustomTable;
  security_question_answers: SecurityQuestionAnswersTable;
  app_passwords: AppPasswordsTable;
};

export type TenantsTable = {
  id: string;
  name: string;
  display_name: string;
  policy_json: string;
  created_at: number;
  /** 1 when the tenant takes its passwords from a directory (`directory_sources`); 0 by default. */
  has_directory?: number;
};

/** A tenant's accent colour (`#rrggbb`) and logo (PNG or JPEG as base64, its MIME type and hash). */
export type TenantBrandingTable = {
  tenant_id: string;
  accent_colour: string | null;
  logo_type: string | null;
  logo_base64: string | null;
  logo_hash: string | null;
  updated_at: number;
};

/** A domain of a tenant's user names, lowercase; one tenant per domain. */
export type TenantDomainsTable = { name: string; tenant_id: string; created_at: number };

export type UsersTable = {
  id: string;
  tenant_id: string;
  upn: string;
  upn_key: string;
  display_name: string;
  password_hash: string | null;
  blocked: number;
  blocked_reason: string | null;
  created_at: number;
  last_sign_in_at: number | null;
  /** Set by an administrator: at the next sign-in, register methods again (seed 003). */
  reregister_required_at?: number | null;
  /** A block that ends by itself (a fraud report's, 90 days); null: until lifted. */
  blocked_until?: number | null;
  /** High risk asked for a new password at the next sign-in, after MFA. */
  password_change_required_at?: number | null;
  /** An administrator asked for a new password at the next sign-in (Graph's passwordProfile). */
  password_change_forced_at?: number | null;
  /** Graph's mail, mobilePhone and department; null when not given. */
  mail?: string | null;
  mobile_phone?: string | null;
  department?: string | null;
  /** SCIM's externalId: the provisioning client's own identifier, unique per tenant. */
  external_id?: string | null;
  /** SCIM's name.givenName and name.familyName, as the provisioning client sent them. */
  given_name?: string | null;
  family_name?: string | null;
  /** The phone signed in with by default (`sms:mobile`, `voice:office`…); null: an app. */
  preferred_phone_method?: string | null;
};

export type GroupsTable = {
  id: string;
  tenant_id: string;
  name: string;
  created_at: number;
  /** SCIM's externalId, unique per tenant; null when not provisioned. */
  external_id?: string | null;
};

/** A tenant's SCIM bearer token: only its keyed hash is kept (src/crypto/keyed-hash.ts). */
export type ScimTokensTable = {
  id: string;
  tenant_id: string;
  name: string;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
  /** When it last authenticated a request, to the minute or so (scim/tokens/authenticate-scim-token.ts). */
  last_used_at: number | null;
};

export type GroupMembersTable = { group_id: string; user_id: string };

export type AuthMethodsTable = {
  id: string;
  tenant_id: string;
  user_id: string;
  kind: string;
  label: string;
  state: string;
  is_default: number;
  secret_sealed: string | null;
  algorithm: string | null;
  digits: number | null;
  period: number | null;
  /** The newest TOTP time step (or HOTP counter) accepted: codes at or before it are spent. */
  last_step: number | null;
  failed_attempts: number;
  created_at: number;
  last_used_at: number | null;
  /** "totp", or "hotp" for counter-based hardware tokens (last_step is then the counter). */
  oath_type?: string;
};

export type ApiKeysTable = {
  id: string;
  tenant_id: string;
  name: string;
  key_hash: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
};

export type SignInLogTable = {
  id: string;
  tenant_id: string;
  time: number;
  user_id: string | null;
  upn: string;
  client: string;
  ip: string | null;
  user_agent: string | null;
  result: string;
  reason: string;
  method_id: string | null;
  method_kind: string | null;
  correlation_id: string | null;
  mfa: string | null;
  /** password, temporaryAccessPass, or session (a signed-in user proving a factor again). */
  first_factor: string | null;
};

export type AuditLogTable = {
  id: string;
  tenant_id: string | null;
  time: number;
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string | null;
  details_json: string;
  correlation_id: string | null;
  ip: string | null;
  /** Place in the hash chain, from 1. */
  seq: number;
  /** The previous entry's hash (null for the first, or before the chain began). */
  prev_hash: string | null;
  /** Keyed hash of this entry and prev_hash (null for entries from before the chain). */
  hash: string | null;
};

/** One row (id 1): the end of the audit chain. */
export type AuditChainTable = {
  id: number;
  last_seq: number;
  last_hash: string | null;
  /** Entries up to this place were pruned (0: none); the last one's hash. */
  pruned_through_seq: number;
  pruned_last_hash: string | null;
  /** The first place the chain covers: entries before it were written before migration 0004. */
  chain_start_seq: number;
  /** Seals of the chain's start and end under the master key (audit/chain-seal.ts). */
  start_seal: string | null;
  end_seal: string | null;
};

export type CountersTable = { key: string; value: number; expires_at: number };

export type SingleUseClaimsTable = { key: string; expires_at: number };

export type PendingSignInsTable = {
  id: string;
  token_hash: string;
  tenant_id: string;
  user_id: string;
  /** What the sign-in has established (src/sign-in/machine/facts.ts), as JSON. */
  facts_json: string;
  /** Moves on with every change of the facts: a change is written only over the version read. */
  version: number;
  attempts: number;
  created_at: number;
  expires_at: number;
  done_at: number | null;
};

export type SessionsTable = {
  id: string;
  token_hash: string;
  tenant_id: string;
  user_id: string;
  /** How MFA was satisfied: code, backupCode, trustedIp, rememberedDevice, notRequired, registration, temporaryAccessPass. */
  mfa: string;
  /** password or temporaryAccessPass; null for sessions begun before it was recorded. */
  first_factor: string | null;
  /** When a second factor was last proven for this session; null when MFA was skipped. */
  second_factor_at: number | null;
  /** The kind of that second factor (softwareOath, sms, passkey, securityKey…); null: none. */
  second_factor_kind?: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: number;
  last_seen_at: number;
  /** When the user last proved who they are (sign-in or re-authentication). */
  authenticated_at: number;
  expires_at: number;
  revoked_at: number | null;
};

export type RememberedDevicesTable = {
  id: string;
  token_hash: string;
  tenant_id: string;
  user_id: string;
  user_agent: string | null;
  created_at: number;
  last_used_at: number | null;
  expires_at: number;
};

export type BackupCodesTable = {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: number;
  used_at: number | null;
};

export type TemporaryAccessPassesTable = {
  id: string;
  tenant_id: string;
  user_id: string;
  pass_hash: string;
  /** 1: spent by the first sign-in; 0: works until it expires. */
  usable_once: number;
  created_at: number;
  start_at: number;
  expires_at: number;
  used_at: number | null;
  last_used_at: number | null;
};

export type ApiClientsTable = {
  /** The client id of the client credentials grant. */
  id: string;
  tenant_id: string;
  name: string;
  secret_hash: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
};

export type RoleAssignmentsTable = {
  tenant_id: string;
  /** "user" or "apiClient". */
  principal_type: string;
  principal_id: string;
  role: string;
  created_at: number;
};

export type HardwareTokensTable = {
  id: string;
  tenant_id: string;
  serial_number: string;
  manufacturer: string;
  model: string;
  secret_sealed: string;
  /** "totp" or "hotp". */
  oath_type: string;
  algorithm: string;
  digits: number;
  period: number;
  /** HOTP: the counter of the next code, while the token is not assigned. */
  counter: number;
  user_id: string | null;
  created_at: number;
  assigned_at: number | null;
};

export type RiskyUsersTable = {
  user_id: string;
  tenant_id: string;
  /** Graph's riskLevel: "high", or "none" once remediated or dismissed. */
  risk_level: RiskLevel;
  /** Graph's riskState: atRisk, confirmedCompromised, remediated, dismissed. */
  risk_state: RiskState;
  /** Graph's riskDetail, e.g. userReportedSuspiciousActivity, adminDismissedAllRiskForUser. */
  risk_detail: RiskDetail;
  updated_at: number;
};

export type TokenImportOutcomesTable = {
  id: string;
  tenant_id: string;
  /** The administrator who uploaded the file: only they see the outcome. */
  owner_id: string;
  /** Counts and the first refused rows. */
  summary_json: string;
  /** The refused rows with their reasons; the key cells are empty. */
  errors_csv: string;
  created_at: number;
};

export type RiskDetectionsTable = {
  id: string;
  tenant_id: string;
  user_id: string;
  /** Graph's riskEventType: userReportedSuspiciousActivity. */
  risk_event_type: string;
  risk_level: string;
  /** "endUser": the user reported it. */
  source: string;
  ip: string | null;
  detected_at: number;
};

/** A known value sealed under each master key that has sealed data here (app/check-master-key.ts). */
export type MasterKeyChecksTable = { key_id: string; sealed: string; created_at: number };

/** A tenant's LDAP or Active Directory user store; the service account's password sealed. */
export type DirectorySourcesTable = {
  tenant_id: string;
  settings_json: string;
  sealed_bind_password: string;
  /** Minutes between periodic syncs; 0: none (users are looked up at their first sign-in). */
  sync_interval_minutes: number;
  /** When an instance last took the periodic sync (so that only one runs it). */
  sync_claimed_at: number | null;
  last_sync_at: number | null;
  /** What the last sync did or why it failed, as JSON. */
  last_sync_result: string | null;
  created_at: number;
  updated_at: number;
};

/** A group (null: everyone) asked to register by a deadline; postponements allowed until then. */
export type EnrolmentCampaignsTable = {
  id: string;
  tenant_id: string;
  group_id: string | null;
  starts_at: number;
  deadline_at: number;
  postponements_allowed: number;
  reminder_interval_days: number;
  created_at: number;
  /** Ended early by an administrator; null while it runs to its deadline. */
  ended_at: number | null;
};

/** A user's part in a campaign: postponements used, the last reminder, the page language seen. */
export type CampaignUsersTable = {
  campaign_id: string;
  user_id: string;
  postponements: number;
  last_reminded_at: number | null;
  language: string | null;
};

/** A user's phone of one type (mobile, alternateMobile, office), as `+CountryCode Number`. */
export type PhoneMethodsTable = {
  user_id: string;
  phone_type: string;
  phone_number: string;
  created_at: number;
  updated_at: number;
};

/**
 * An SMS or call asked of a gateway. `status`: sending, sent, failed, delivered, undelivered (SMS);
 * calling, approved, denied, fraud, used (calls; `used` once its approval finished a sign-in).
 */
export type PhoneMessagesTable = {
  id: string;
  tenant_id: string;
  user_id: string;
  channel: "sms" | "voice";
  purpose: "signIn" | "registration" | "validate" | "passwordReset";
  pending_sign_in_id: string | null;
  phone_type: string | null;
  recipient_masked: string;
  status: string;
  via: string | null;
  gateway_message_id: string | null;
  detail: string | null;
  /** A validate challenge's code, as a keyed hash; null for sign-ins (their facts hold it). */
  code_hash: string | null;
  expires_at: number | null;
  /** Codes tried against a validate challenge. */
  attempts: number;
  /** The language a call speaks (`it`, `en`); null for an SMS. */
  language: string | null;
  created_at: number;
  updated_at: number;
};

/** A tenant's custom voice greeting in one language, of one kind (sender/voice/greeting-kinds.ts). */
export type VoiceGreetingsTable = {
  tenant_id: string;
  language: string;
  kind: string;
  /** `audio/wav` or `audio/mpeg`, as the check found it (sender/voice/check-greeting.ts). */
  content_type: string;
  audio: Uint8Array;
  duration_ms: number;
  size: number;
  created_at: number;
};

/**
 * A tenant's phone settings (src/phone-settings/phone-settings.ts): each gateway's configuration
 * is its JSON sealed with the master key; `allowed_countries` is a JSON array of alpha-2 codes.
 */
export type TenantPhoneSettingsTable = {
  tenant_id: string;
  sms_primary_sealed: string | null;
  sms_secondary_sealed: string | null;
  voice_provider_sealed: string | null;
  country: string;
  allowed_countries: string;
  messages_per_user_per_hour: number;
  messages_per_number_per_hour: number;
  messages_per_tenant_per_hour: number;
  monthly_message_cap: number;
  caller_id: string;
  fraud_code: string;
  code_length: number;
  code_lifetime_minutes: number;
  resend_cooldown_seconds: number;
  version: number;
  updated_at: number;
};

/**
 * A tenant's configuration of one method (Graph's `authenticationMethodConfiguration`): its
 * state, "enabled" or "disabled", and its include and exclude targets as JSON arrays.
 */
export type AuthenticationMethodConfigurationsTable = {
  tenant_id: string;
  method_id: string;
  state: string;
  include_targets_json: string;
  exclude_targets_json: string;
  /** The method's own settings (Fido2: attestation, key restrictions…) as JSON; null: defaults. */
  settings_json?: string | null;
  updated_at: number;
};

/** A passkey or security key (WebAuthn credential) of a user. */
export type PasskeyCredentialsTable = {
  id: string;
  tenant_id: string;
  user_id: string;
  /** The credential id as base64url: unique per tenant. */
  credential_id: string;
  /** The COSE public key as base64url. */
  public_key: string;
  sign_count: number;
  aaguid: string;
  /** passkey (platform authenticator) or securityKey (roaming: USB, NFC, BLE). */
  kind: string;
  /** singleDevice or multiDevice (synced), as the authenticator's flags say. */
  device_type: string;
  backed_up: number;
  /** The transports the browser reported, comma-separated. */
  transports: string | null;
  attestation_format: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
  /** When a signature counter went backwards: the credential may have been cloned. */
  cloned_at: number | null;
};

/** A WebAuthn challenge Varco issued: only its keyed hash, bound to what asked for it. */
export type WebauthnChallengesTable = {
  hash: string;
  tenant_id: string;
  /** registration, secondFactor, passwordless or reauth. */
  purpose: string;
  /** The pending sign-in, session or browser the challenge was issued to. */
  subject: string;
  user_id: string | null;
  expires_at: number;
  used_at: number | null;
};

export type PasswordResetsTable = {
  id: string;
  token_hash: string;
  tenant_id: string;
  /** Null for a UPN that names nobody who may reset: it walks the same pages, and fails. */
  user_id: string | null;
  upn: string;
  language: string;
  created_at: number;
  expires_at: number;
  failures: number;
  /** JSON: the methods proven, [{ method, at }]. */
  proven_json: string;
  /** JSON: the code last sent, { method, hash, expiresAt }; null when none waits. */
  code_json: string | null;
  /** JSON: the security questions asked, their keys. */
  questions_json: string | null;
  completed_at: number | null;
};

/** A user's authentication e-mail (self-service password reset only): one per user, as typed. */
export type EmailMethodsTable = {
  id: string;
  tenant_id: string;
  user_id: string;
  address: string;
  created_at: number;
};

/** A code e-mailed to an address: only its keyed hash, bound to purpose, user, asker, address. */
export type EmailCodesTable = {
  id: string;
  tenant_id: string;
  user_id: string;
  /** registration or passwordReset. */
  purpose: string;
  /** What asked for it: the session registering the address, the pending reset. */
  bound_to: string;
  /** The address the code went to, as typed. */
  address: string;
  code_hash: string;
  /** Tries counted before each comparison: five at most. */
  attempts: number;
  expires_at: number;
  used_at: number | null;
  created_at: number;
};

/** A tenant's own security question, shown as the administrator typed it (at most 200 characters). */
export type SecurityQuestionCustomTable = {
  id: string;
  tenant_id: string;
  text: string;
  created_at: number;
};

/**
 * A user's answer to one security question (`predefined:<n>` or `custom:<id>`), only as the
 * argon2id hash of the normalised answer bound to the user and the question.
 */
export type SecurityQuestionAnswersTable = {
  user_id: string;
  tenant_id: string;
  question_key: string;
  answer_hash: string;
  created_at: number;
};

/** An app password of a user: its name and keyed hash, never the password. */
export type AppPasswordsTable = {
  id: string;
  tenant_id: string;
  user_id: string;
  /** The name the user gave it, unique for the user (in any case). */
  name: string;
  /** keyedHash of the password as typed without spaces, lowercase (crypto/keyed-hash.ts). */
  password_hash: string;
  created_at: number;
  last_used_at: number | null;
};
