import { defaultFido2Settings, type Fido2Settings } from "./fido2-settings.ts";

/**
 * Graph's `authenticationMethodConfigurations`: for each method, whether the tenant enables it
 * and for whom. The ids are Graph's, in the order the admin API and pages list them.
 */
export const methodConfigurationIds = [
  "SoftwareOath",
  "HardwareOath",
  "TemporaryAccessPass",
  "Sms",
  "Voice",
  "Fido2",
  "Email",
] as const;

export type MethodConfigurationId = (typeof methodConfigurationIds)[number];

export function isMethodConfigurationId(id: string): id is MethodConfigurationId {
  return (methodConfigurationIds as readonly string[]).includes(id);
}

/** The id `text` names in any case ("sms" is "Sms", as Graph reads it); undefined for none. */
export function methodConfigurationIdOf(text: string): MethodConfigurationId | undefined {
  const wanted = text.toLowerCase();
  return methodConfigurationIds.find((id) => id.toLowerCase() === wanted);
}

/** The include target that names every user of the tenant, as Graph spells it. */
export const allUsers = "all_users";

/** The most targets one list (include or exclude) may hold. */
export const maxMethodTargets = 50;

/** A group the method is enabled for: `all_users`, or a group id of the tenant. */
export type IncludeTarget = {
  readonly targetType: "group";
  readonly id: string;
  /** Kept and returned as Graph has it; registration does not act on it yet. */
  readonly isRegistrationRequired: boolean;
};

/** A group whose members never have the method, whatever the include targets say. */
export type ExcludeTarget = { readonly targetType: "group"; readonly id: string };

export type MethodConfiguration = {
  readonly id: MethodConfigurationId;
  readonly state: "enabled" | "disabled";
  readonly includeTargets: readonly IncludeTarget[];
  readonly excludeTargets: readonly ExcludeTarget[];
  /** Fido2's own settings: always there on Fido2's configuration, never on another's. */
  readonly fido2Settings?: Fido2Settings;
};

/** The methods that reach users by phone: usable only while the tenant has a gateway for them. */
export const phoneMethodIds: Readonly<Partial<Record<MethodConfigurationId, "sms" | "voice">>> = {
  Sms: "sms",
  Voice: "voice",
};

/** What the tenant's phone settings say can be sent: text messages, calls. */
export type GatewayReady = { readonly sms: boolean; readonly voice: boolean };

const everyone: readonly IncludeTarget[] = Object.freeze([
  Object.freeze({ targetType: "group", id: allUsers, isRegistrationRequired: false } as const),
]);

// What needs nothing configured first: the apps, hardware tokens, passes and passkeys, for
// everyone. Phone methods wait for a gateway, e-mail for its own issue.
const enabledByDefault: ReadonlySet<MethodConfigurationId> = new Set([
  "Fido2",
  "SoftwareOath",
  "HardwareOath",
  "TemporaryAccessPass",
]);

/** The configuration a method has while the tenant has not changed it. */
export function defaultMethodConfiguration(id: MethodConfigurationId): MethodConfiguration {
  return {
    id,
    state: enabledByDefault.has(id) ? "enabled" : "disabled",
    includeTargets: everyone,
    excludeTargets: [],
    ...(id === "Fido2" ? { fido2Settings: defaultFido2Settings } : {}),
  };
}
