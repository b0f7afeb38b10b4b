import type { MethodConfigurationId } from "../policy/method-configurations/method-configuration.ts";

/** A group as the methods page names it: its id, and its name (the id, for a group gone since). */
export type MethodGroup = { id: string; name: string };

/**
 * `/admin/methods`: every method with its state and targets, the form to change each, and why a
 * change was refused.
 */
export type AdminMethodsModel = {
  methods: {
    id: MethodConfigurationId;
    state: "enabled" | "disabled";
    /** An include target is `all_users`. */
    allUsers: boolean;
    includeGroups: MethodGroup[];
    excludeGroups: MethodGroup[];
    /** Sms or Voice while the tenant has no gateway that sends it. */
    needsGateway: boolean;
  }[];
  /** The tenant's groups, to choose from. */
  groups: MethodGroup[];
  /** Fido2's own settings, and their form's values (as typed, after a refusal). */
  fido2: AdminFido2Settings;
  /** The administrator may read the settings but not change them. */
  readOnly: boolean;
  notice?: string;
  /**
   * A refused change: the method it was for, and the error code; `settings` when it was Fido2's
   * settings form, not its state and groups.
   */
  refused?: { method: MethodConfigurationId; code: string; detail?: string; settings?: boolean };
};

/** Fido2's settings as the methods page shows them. */
export type AdminFido2Settings = {
  isAttestationEnforced: boolean;
  isSelfServiceRegistrationAllowed: boolean;
  isUserVerificationRequired: boolean;
  keyRestrictionsEnforced: boolean;
  enforcementType: "allow" | "block";
  /** The stored AAGUIDs, each with its model's name when it is a known one. */
  aaGuids: { aaGuid: string; model: string | null }[];
  /** The textarea: one AAGUID a line. */
  aaGuidsText: string;
  clonedCredentialAction: "refuse" | "allow";
};
