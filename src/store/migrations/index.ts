import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";
import type { Keyring } from "../../crypto/keyring.ts";
import { initial } from "./0001-initial.ts";
import { signIn } from "./0002-sign-in.ts";
import { methodsInOrder } from "./0003-methods-in-order.ts";
import { auditChain } from "./0004-audit-chain.ts";
import { auditPruning } from "./0005-audit-pruning.ts";
import { reregistration } from "./0006-reregistration.ts";
import { temporaryAccessPasses } from "./0007-temporary-access-passes.ts";
import { rolesAndApiClients } from "./0008-roles-and-api-clients.ts";
import { hardwareTokens } from "./0009-hardware-tokens.ts";
import { risk } from "./0010-risk.ts";
import { tokenImportOutcomes } from "./0011-token-import-outcomes.ts";
import { signInFacts } from "./0012-sign-in-facts.ts";
import { masterKeyChecks } from "./0013-master-key-checks.ts";
import { auditChainSeals } from "./0014-audit-chain-seals.ts";
import { passwordChangeAtNextSignIn } from "./0015-password-change-at-next-sign-in.ts";
import { userProfile } from "./0016-user-profile.ts";
import { tenantDomains } from "./0017-tenant-domains.ts";
import { tenantBranding } from "./0018-tenant-branding.ts";
import { scim } from "./0019-scim.ts";
import { directorySources } from "./0020-directory-sources.ts";
import { enrolmentCampaigns } from "./0021-enrolment-campaigns.ts";
import { phoneMethods } from "./0022-phone-methods.ts";
import { tenantDirectoryFlag } from "./0023-tenant-directory-flag.ts";
import { tenantPhoneSettings } from "./0024-tenant-phone-settings.ts";
import { voiceGreetings } from "./0025-voice-greetings.ts";
import { phoneMessages } from "./0026-phone-messages.ts";
import { authenticationMethodConfigurations } from "./0027-authentication-method-configurations.ts";
import { preferredMethod } from "./0029-preferred-method.ts";
import { passkeys } from "./0030-passkeys.ts";
import { appPasswords } from "./0031-app-passwords.ts";
import { securityQuestions } from "./0032-security-questions.ts";
import { emailMethods } from "./0033-email-methods.ts";
import { passwordResets } from "./0034-password-resets.ts";

/**
 * What migrations that vouch for data under the master key need: the keyring, and the check
 * that it is this database's key (run before anything is sealed with it).
 */
export type MigrationKeys = {
  readonly keyring: Keyring;
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
  readonly checkKey: (db: Kysely<any>) => Promise<void>;
};

/**
 * Every migration, in order. Append only: a released migration is never edited. `keys` checks
 * the master key (0013) and seals the audit chain under it (0014).
 */
export function migrationsWith(keys: MigrationKeys | undefined): Record<string, Migration> {
  return {
    "0001-initial": initial,
    "0002-sign-in": signIn,
    "0003-methods-in-order": methodsInOrder,
    "0004-audit-chain": auditChain,
    "0005-audit-pruning": auditPruning,
    "0006-reregistration": reregistration,
    "0007-temporary-access-passes": temporaryAccessPasses,
    "0008-roles-and-api-clients": rolesAndApiClients,
    "0009-hardware-tokens": hardwareTokens,
    "0010-risk": risk,
    "0011-token-import-outcomes": tokenImportOutcomes,
    "0012-sign-in-facts": signInFacts,
    "0013-master-key-checks": masterKeyChecks(keys?.checkKey),
    "0014-audit-chain-seals": auditChainSeals(keys?.keyring),
    "0015-password-change-at-next-sign-in": passwordChangeAtNextSignIn,
    "0016-user-profile": userProfile,
    "0017-tenant-domains": tenantDomains,
    "0018-tenant-branding": tenantBranding,
    "0019-scim": scim,
    "0020-directory-sources": directorySources,
    "0021-enrolment-campaigns": enrolmentCampaigns,
    "0022-phone-methods": phoneMethods,
    "0023-tenant-directory-flag": tenantDirectoryFlag,
    "0024-tenant-phone-settings": tenantPhoneSettings,
    "0025-voice-greetings": voiceGreetings,
    "0026-phone-messages": phoneMessages,
    "0027-authentication-method-configurations": authenticationMethodConfigurations,
    "0029-preferred-method": preferredMethod,
    "0030-passkeys": passkeys,
    "0031-app-passwords": appPasswords,
    "0032-security-questions": securityQuestions,
    "0033-email-methods": emailMethods,
    "0034-password-resets": passwordResets,
  };
}

/** The migrations by name, in order (their names are what matters here). */
export const migrations = migrationsWith(undefined);
