import { VarcoError } from "../../errors/varco-error.ts";
import { aaGuidPattern, type Fido2Settings, maxKeyRestrictionAaGuids } from "./fido2-settings.ts";

/** A change to Fido2's settings: the fields given replace the stored ones, the others stay. */
export type Fido2SettingsChanges = {
  readonly isAttestationEnforced?: boolean;
  readonly isSelfServiceRegistrationAllowed?: boolean;
  /** Each field given replaces the stored one: `{ isEnforced: false }` keeps the list. */
  readonly keyRestrictions?: {
    readonly isEnforced?: boolean;
    readonly enforcementType?: "allow" | "block";
    readonly aaGuids?: readonly string[];
  };
  readonly isUserVerificationRequired?: boolean;
  readonly clonedCredentialAction?: "refuse" | "allow";
};

/** The names of the settings, as a change may give them at the top level. */
export const fido2SettingNames = [
  "isAttestationEnforced",
  "isSelfServiceRegistrationAllowed",
  "keyRestrictions",
  "isUserVerificationRequired",
  "clonedCredentialAction",
] as const satisfies readonly (keyof Fido2SettingsChanges)[];

/**
 * The settings after `changes`, every value checked (they may come from a page's form or a
 * script's JSON, so nothing is trusted to have its type). Refused with `invalid_fido2_settings`
 * (the detail names the field): a value of the wrong type, an enforcement type other than allow
 * or block, an action other than refuse or allow, an AAGUID that is not lower-case 8-4-4-4-12 hex
 * or is named twice, and key restrictions enforced as an allow list that names no AAGUID (no key
 * could register). More than 100 AAGUIDs: `too_many_aaguids`.
 */
export function applyFido2Changes(
  before: Fido2Settings,
  changes: Fido2SettingsChanges,
): Fido2Settings {
  const restrictions = changes.keyRestrictions;
  if (restrictions !== undefined && (typeof restrictions !== "object" || restrictions === null)) {
    throw new VarcoError("invalid_fido2_settings", "keyRestrictions is an object");
  }
  const after: Fido2Settings = {
    isAttestationEnforced: flag(changes, "isAttestationEnforced") ?? before.isAttestationEnforced,
    isSelfServiceRegistrationAllowed:
      flag(changes, "isSelfServiceRegistrationAllowed") ?? before.isSelfServiceRegistrationAllowed,
    keyRestrictions: {
      isEnforced:
        (restrictions && flag(restrictions, "isEnforced", "keyRestrictions.")) ??
        before.keyRestrictions.isEnforced,
      enforcementType:
        (restrictions && enforcementTypeOf(restrictions.enforcementType)) ??
        before.keyRestrictions.enforcementType,
      aaGuids: (restrictions && aaGuidsOf(restrictions.aaGuids)) ?? before.keyRestrictions.aaGuids,
    },
    isUserVerificationRequired:
      flag(changes, "isUserVerificationRequired") ?? before.isUserVerificationRequired,
    clonedCredentialAction:
      clonedActionOf(changes.clonedCredentialAction) ?? before.clonedCredentialAction,
  };
  const { isEnforced, enforcementType, aaGuids } = after.keyRestrictions;
  if (isEnforced && enforcementType === "allow" && aaGuids.length === 0) {
    throw new VarcoError(
      "invalid_fido2_settings",
      "keyRestrictions: an enforced allow list names at least one AAGUID",
    );
  }
  return after;
}

function flag<T extends object>(
  from: T,
  field: keyof T & string,
  prefix = "",
): boolean | undefined {
  const value: unknown = from[field];
  if (value === undefined || typeof value === "boolean") return value;
  throw new VarcoError("invalid_fido2_settings", `${prefix}${field} is true or false`);
}

function enforcementTypeOf(value: unknown): "allow" | "block" | undefined {
  if (value === undefined || value === "allow" || value === "block") return value;
  throw new VarcoError(
    "invalid_fido2_settings",
    "keyRestrictions.enforcementType is allow or block",
  );
}

function clonedActionOf(value: unknown): "refuse" | "allow" | undefined {
  if (value === undefined || value === "refuse" || value === "allow") return value;
  throw new VarcoError("invalid_fido2_settings", "clonedCredentialAction is refuse or allow");
}

function aaGuidsOf(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    throw new VarcoError("invalid_fido2_settings", "keyRestrictions.aaGuids is a list of AAGUIDs");
  }
  if (value.length > maxKeyRestrictionAaGuids) {
    throw new VarcoError("too_many_aaguids", `keyRestrictions.aaGuids has ${value.length}`);
  }
  const seen = new Set<string>();
  for (const aaGuid of value) {
    if (typeof aaGuid !== "string" || !aaGuidPattern.test(aaGuid)) {
      throw new VarcoError(
        "invalid_fido2_settings",
        `keyRestrictions.aaGuids: '${String(aaGuid).slice(0, 40)}' is not an AAGUID in lower-case 8-4-4-4-12 hex`,
      );
    }
    if (seen.has(aaGuid)) {
      throw new VarcoError(
        "invalid_fido2_settings",
        `keyRestrictions.aaGuids names ${aaGuid} twice`,
      );
    }
    seen.add(aaGuid);
  }
  return [...value];
}
