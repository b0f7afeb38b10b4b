import type { Context } from "../../context.ts";
import { listConfigurationsAndGroups } from "../../store/queries/method-configurations.ts";
import {
  allUsers,
  defaultMethodConfiguration,
  type GatewayReady,
  type MethodConfiguration,
  type MethodConfigurationId,
  methodConfigurationIds,
  phoneMethodIds,
} from "./method-configuration.ts";
import { configurationOf } from "./stored-configuration.ts";

/** The methods enabled for a user, and every method's configuration as the tenant has it. */
export type MethodsForUser = {
  readonly enabled: ReadonlySet<MethodConfigurationId>;
  readonly configurations: ReadonlyMap<MethodConfigurationId, MethodConfiguration>;
};

/**
 * The methods the user may register and use. A method is enabled for a user when its state is
 * enabled, an include target names `all_users` or a group the user belongs to, no exclude target
 * names a group the user belongs to, and, for Sms and Voice, `gatewayReady` says the tenant can
 * send it: an exclusion wins over any inclusion, and a phone method without a gateway is off
 * whatever its configuration says.
 *
 * Cost: one statement, always: the tenant's configured methods and the user's group ids come
 * back together (store/queries/method-configurations.ts), whether or not a target names a group.
 */
export async function methodsEnabledFor(
  ctx: Context,
  tenantId: string,
  userId: string,
  gatewayReady: GatewayReady,
): Promise<ReadonlySet<MethodConfigurationId>> {
  return (await methodsForUser(ctx, tenantId, userId, gatewayReady)).enabled;
}

/**
 * As methodsEnabledFor, with the configurations themselves (Fido2's settings among them), from
 * the same one statement.
 */
export async function methodsForUser(
  ctx: Context,
  tenantId: string,
  userId: string,
  gatewayReady: GatewayReady,
): Promise<MethodsForUser> {
  const stored = new Map<MethodConfigurationId, MethodConfiguration>();
  const groups = new Set<string>();
  for (const row of await listConfigurationsAndGroups(ctx.store.db, tenantId, userId)) {
    if (row.group_id !== null) {
      groups.add(row.group_id);
      continue;
    }
    const configuration = configurationOf(row);
    if (configuration) stored.set(configuration.id, configuration);
  }
  const enabled = new Set<MethodConfigurationId>();
  const configurations = new Map<MethodConfigurationId, MethodConfiguration>();
  for (const id of methodConfigurationIds) {
    const configuration = stored.get(id) ?? defaultMethodConfiguration(id);
    configurations.set(id, configuration);
    if (configuration.state !== "enabled") continue;
    const phone = phoneMethodIds[id];
    if (phone !== undefined && !gatewayReady[phone]) continue;
    const included = configuration.includeTargets.some(
      (target) => target.id === allUsers || groups.has(target.id),
    );
    const excluded = configuration.excludeTargets.some((target) => groups.has(target.id));
    if (included && !excluded) enabled.add(id);
  }
  return { enabled, configurations };
}
