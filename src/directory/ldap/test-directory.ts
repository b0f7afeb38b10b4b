import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { Tenant } from "../types.ts";
import { closeQuietly, connectDirectory, unavailable } from "./connect.ts";
import { loadDirectory } from "./load-directory.ts";

/**
 * Tries the tenant's directory without changing anything: a TLS connection, the service
 * account's bind, and how many users and groups the filters find. Throws as a sign-in would.
 */
export async function testDirectory(
  ctx: Context,
  tenant: Tenant,
): Promise<{ users: number; groups: number | null }> {
  const access = await loadDirectory(ctx, tenant.id);
  if (!access) {
    throw new VarcoError("directory_not_configured", `tenant '${tenant.name}' has no directory`);
  }
  const { settings } = access;
  const client = await connectDirectory(access);
  try {
    const count = async (base: string, filter: string) =>
      (await client.search(base, { scope: "sub", filter, attributes: ["1.1"], paged: true }))
        .searchEntries.length;
    return {
      users: await count(settings.userBaseDn, settings.userFilter),
      groups: settings.groupBaseDn ? await count(settings.groupBaseDn, settings.groupFilter) : null,
    };
  } catch (error) {
    throw unavailable(error, "test");
  } finally {
    await closeQuietly(client);
  }
}
