import type { Context } from "../../context.ts";
import { listMethodConfigurationRows } from "../../store/queries/method-configurations.ts";
import {
  defaultMethodConfiguration,
  type MethodConfiguration,
  methodConfigurationIds,
} from "./method-configuration.ts";
import { configurationOf } from "./stored-configuration.ts";

/**
 * Every method's configuration for the tenant, in `methodConfigurationIds` order: the stored one,
 * or the default for a method the tenant has not changed. One statement.
 */
export async function readMethodConfigurations(
  ctx: Context,
  tenantId: string,
): Promise<readonly MethodConfiguration[]> {
  const stored = new Map<string, MethodConfiguration>();
  for (const row of await listMethodConfigurationRows(ctx.store.db, tenantId)) {
    const configuration = configurationOf(row);
    if (configuration) stored.set(configuration.id, configuration);
  }
  return methodConfigurationIds.map((id) => stored.get(id) ?? defaultMethodConfiguration(id));
}
