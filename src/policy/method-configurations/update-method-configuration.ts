import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import {
  findTenantGroupIds,
  listMethodConfigurationRows,
  saveMethodConfiguration,
} from "../../store/queries/method-configurations.ts";
import {
  applyFido2Changes,
  type Fido2SettingsChanges,
  fido2SettingNames,
} from "./fido2-settings-changes.ts";
import {
  allUsers,
  defaultMethodConfiguration,
  type ExcludeTarget,
  type GatewayReady,
  type IncludeTarget,
  type MethodConfiguration,
  maxMethodTargets,
  methodConfigurationIdOf,
  phoneMethodIds,
} from "./method-configuration.ts";
import { configurationOf, settingsJson, targetsJson } from "./stored-configuration.ts";

/**
 * A change to one method: the fields given replace the stored ones, the others stay. Fido2's
 * settings are at the top level, as Graph's fido2AuthenticationMethodConfiguration has them.
 */
export type MethodConfigurationChanges = Fido2SettingsChanges & {
  readonly state?: "enabled" | "disabled";
  readonly includeTargets?: readonly {
    readonly targetType: "group";
    readonly id: string;
    readonly isRegistrationRequired?: boolean;
  }[];
  readonly excludeTargets?: readonly { readonly targetType: "group"; readonly id: string }[];
};

/**
 * Changes the configuration of the method `id` (Graph's id, any case). Refused, changing nothing:
 * an unknown method (`method_configuration_not_found`), a state or target of the wrong shape, a
 * group named twice, `all_users` excluded or no include target (`invalid_method_configuration`),
 * more than 50 targets in a list (`too_many_method_targets`), Sms or Voice left enabled while
 * `gatewayReady` says the tenant cannot send them (`phone_gateway_not_configured`), and a group
 * that is not the tenant's (`unknown_target_group`, checked in the transaction that writes), a
 * Fido2 setting given for another method (`invalid_method_configuration`) or of a wrong value
 * (`invalid_fido2_settings`, `too_many_aaguids`: fido2-settings-changes.ts). The change and its
 * audit entry, with the configuration before and after, land in one transaction.
 */
export async function updateMethodConfiguration(
  ctx: Context,
  actor: Actor,
  tenantId: string,
  id: string,
  changes: MethodConfigurationChanges,
  gatewayReady: GatewayReady,
): Promise<MethodConfiguration> {
  const methodId = methodConfigurationIdOf(id);
  if (!methodId) throw new VarcoError("method_configuration_not_found");
  const state = changes.state;
  if (state !== undefined && state !== "enabled" && state !== "disabled") {
    throw new VarcoError("invalid_method_configuration", "state is enabled or disabled");
  }
  const includeTargets =
    changes.includeTargets && checkTargets("includeTargets", changes.includeTargets);
  const excludeTargets =
    changes.excludeTargets && checkTargets("excludeTargets", changes.excludeTargets);
  if (includeTargets?.length === 0) {
    throw new VarcoError("invalid_method_configuration", "includeTargets names no group");
  }
  if (excludeTargets?.some((target) => target.id === allUsers)) {
    throw new VarcoError("invalid_method_configuration", "all_users cannot be excluded");
  }
  const settingGiven = fido2SettingNames.find((name) => changes[name] !== undefined);
  if (methodId !== "Fido2" && settingGiven !== undefined) {
    throw new VarcoError(
      "invalid_method_configuration",
      `${settingGiven} is a setting of Fido2, not of ${methodId}`,
    );
  }
  const phone = phoneMethodIds[methodId];
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    const rows = await listMethodConfigurationRows(tx, tenantId);
    const stored = rows.find((row) => row.method_id === methodId);
    const before = (stored && configurationOf(stored)) ?? defaultMethodConfiguration(methodId);
    const after: MethodConfiguration = {
      id: methodId,
      state: state ?? before.state,
      includeTargets:
        includeTargets?.map(
          (target): IncludeTarget => ({
            targetType: "group",
            id: target.id,
            isRegistrationRequired: target.isRegistrationRequired === true,
          }),
        ) ?? before.includeTargets,
      excludeTargets:
        excludeTargets?.map((target): ExcludeTarget => ({ targetType: "group", id: target.id })) ??
        before.excludeTargets,
      ...(before.fido2Settings
        ? { fido2Settings: applyFido2Changes(before.fido2Settings, changes) }
        : {}),
    };
    if (after.state === "enabled" && phone !== undefined && !gatewayReady[phone]) {
      throw new VarcoError(
        "phone_gateway_not_configured",
        `${methodId} needs a ${phone === "sms" ? "text message" : "voice"} gateway first`,
      );
    }
    const named = [...after.includeTargets, ...after.excludeTargets]
      .map((target) => target.id)
      .filter((group) => group !== allUsers);
    const known = await findTenantGroupIds(tx, tenantId, named);
    const unknown = named.find((group) => !known.has(group));
    if (unknown !== undefined) {
      throw new VarcoError("unknown_target_group", `no group ${unknown.slice(0, 80)}`);
    }
    await saveMethodConfiguration(tx, {
      tenant_id: tenantId,
      method_id: methodId,
      state: after.state,
      include_targets_json: targetsJson(after.includeTargets),
      exclude_targets_json: targetsJson(after.excludeTargets),
      settings_json: settingsJson(after),
      updated_at: now,
    });
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId,
        action: "Update authentication method configuration",
        targetType: "tenant",
        targetId: tenantId,
        details: { method: methodId, before, after },
      },
    );
    return after;
  });
}

type TargetInput = { readonly targetType: string; readonly id: string };

/** The list, if every target is a group named once by a plain id and there are at most 50. */
function checkTargets<T extends TargetInput>(field: string, targets: readonly T[]): readonly T[] {
  if (!Array.isArray(targets)) {
    throw new VarcoError("invalid_method_configuration", `${field} is a list of targets`);
  }
  if (targets.length > maxMethodTargets) {
    throw new VarcoError("too_many_method_targets", `${field} has ${targets.length}`);
  }
  const seen = new Set<string>();
  for (const target of targets) {
    if (target?.targetType !== "group") {
      throw new VarcoError("invalid_method_configuration", `${field}: every targetType is group`);
    }
    const id = target.id;
    // A group id or all_users: letters, digits and - _ . only, so no id can break a log line.
    if (typeof id !== "string" || !/^[A-Za-z0-9._-]{1,100}$/.test(id)) {
      throw new VarcoError("invalid_method_configuration", `${field}: a target id is not valid`);
    }
    if (seen.has(id)) {
      throw new VarcoError("invalid_method_configuration", `${field} names ${id} twice`);
    }
    seen.add(id);
  }
  return targets;
}
