import {
  aaGuidPattern,
  defaultFido2Settings,
  type Fido2Settings,
  maxKeyRestrictionAaGuids,
} from "./fido2-settings.ts";
import {
  type ExcludeTarget,
  type IncludeTarget,
  isMethodConfigurationId,
  type MethodConfiguration,
} from "./method-configuration.ts";

type StoredRow = {
  readonly method_id: string | null;
  readonly state: string | null;
  readonly include_targets_json: string | null;
  readonly exclude_targets_json: string | null;
  readonly settings_json?: string | null;
};

/**
 * A stored row as a configuration; undefined for a method id Varco does not know (a row written
 * by a later version). The targets were checked when written; anything else reads as no target,
 * so a damaged row enables the method for nobody rather than for everyone. Fido2's settings come
 * from `settings_json`, each field that is missing or damaged at its default.
 */
export function configurationOf(row: StoredRow): MethodConfiguration | undefined {
  if (row.method_id === null || !isMethodConfigurationId(row.method_id)) return undefined;
  return {
    id: row.method_id,
    ...(row.method_id === "Fido2" ? { fido2Settings: fido2SettingsOf(row.settings_json) } : {}),
    state: row.state === "enabled" ? "enabled" : "disabled",
    includeTargets: targetsOf(row.include_targets_json).map((target) => ({
      targetType: "group",
      id: target.id,
      isRegistrationRequired: target.isRegistrationRequired === true,
    })),
    excludeTargets: targetsOf(row.exclude_targets_json).map(
      (target): ExcludeTarget => ({ targetType: "group", id: target.id }),
    ),
  };
}

/** The targets as the table keeps them: JSON arrays of `{ id, isRegistrationRequired? }`. */
export function targetsJson(targets: readonly (IncludeTarget | ExcludeTarget)[]): string {
  return JSON.stringify(
    targets.map((target) =>
      "isRegistrationRequired" in target
        ? { id: target.id, isRegistrationRequired: target.isRegistrationRequired }
        : { id: target.id },
    ),
  );
}

function targetsOf(json: string | null): { id: string; isRegistrationRequired?: unknown }[] {
  try {
    const parsed: unknown = JSON.parse(json ?? "[]");
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (t): t is { id: string } =>
        typeof t === "object" && t !== null && typeof (t as { id?: unknown }).id === "string",
    );
  } catch {
    return [];
  }
}

/** The method's own settings as the table keeps them (Fido2's); null for a method without. */
export function settingsJson(configuration: MethodConfiguration): string | null {
  return configuration.fido2Settings ? JSON.stringify(configuration.fido2Settings) : null;
}

// Parsed settings by their stored text: methodsEnabledFor reads them at every sign-in that asks
// about passkeys. Frozen, since every caller shares them.
const parsedSettings = new Map<string, Fido2Settings>();

/** Fido2's settings from their stored JSON; defaults for null, each damaged field its default. */
export function fido2SettingsOf(json: string | null | undefined): Fido2Settings {
  if (!json) return defaultFido2Settings;
  let settings = parsedSettings.get(json);
  if (!settings) {
    settings = deepFreeze(readFido2Settings(json));
    if (parsedSettings.size >= 1000) parsedSettings.clear();
    parsedSettings.set(json, settings);
  }
  return settings;
}

function readFido2Settings(json: string): Fido2Settings {
  let stored: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== "object" || parsed === null) return defaultFido2Settings;
    stored = parsed as Record<string, unknown>;
  } catch {
    return defaultFido2Settings;
  }
  const d = defaultFido2Settings;
  const bool = (value: unknown, fallback: boolean) =>
    typeof value === "boolean" ? value : fallback;
  const keys = (
    typeof stored.keyRestrictions === "object" && stored.keyRestrictions !== null
      ? stored.keyRestrictions
      : {}
  ) as Record<string, unknown>;
  const aaGuids = Array.isArray(keys.aaGuids)
    ? keys.aaGuids
        .filter((a): a is string => typeof a === "string" && aaGuidPattern.test(a))
        .slice(0, maxKeyRestrictionAaGuids)
    : d.keyRestrictions.aaGuids;
  return {
    isAttestationEnforced: bool(stored.isAttestationEnforced, d.isAttestationEnforced),
    isSelfServiceRegistrationAllowed: bool(
      stored.isSelfServiceRegistrationAllowed,
      d.isSelfServiceRegistrationAllowed,
    ),
    keyRestrictions: {
      isEnforced: bool(keys.isEnforced, d.keyRestrictions.isEnforced),
      enforcementType:
        keys.enforcementType === "allow" || keys.enforcementType === "block"
          ? keys.enforcementType
          : d.keyRestrictions.enforcementType,
      aaGuids,
    },
    isUserVerificationRequired: bool(
      stored.isUserVerificationRequired,
      d.isUserVerificationRequired,
    ),
    clonedCredentialAction:
      stored.clonedCredentialAction === "allow" || stored.clonedCredentialAction === "refuse"
        ? stored.clonedCredentialAction
        : d.clonedCredentialAction,
  };
}

function deepFreeze(settings: Fido2Settings): Fido2Settings {
  Object.freeze(settings.keyRestrictions.aaGuids);
  Object.freeze(settings.keyRestrictions);
  return Object.freeze(settings);
}
