import { stringify } from "csv-stringify/sync";
import type { Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import { listUnregistered } from "../store/queries/rollout-report.ts";
import { rolloutScope } from "./rollout-dashboard.ts";

/** A value that a spreadsheet would run as a formula (= + - @, tab, CR) gets an apostrophe first. */
const cell = (value: string | null) =>
  value && /^[=+\-@\t\r]/.test(value) ? `'${value}` : (value ?? "");

/**
 * The users in scope of MFA who have not registered, as CSV for the reminder e-mail's mail merge:
 * Entra's column names, one row per user, safe to open in a spreadsheet.
 */
export async function unregisteredCsv(ctx: Context, tenant: Tenant): Promise<string> {
  const users = await listUnregistered(
    ctx.store.db,
    rolloutScope(tenant),
    tenant.policy.requiredMethodCount,
  );
  return stringify(
    users.map((u) => [cell(u.upn), cell(u.displayName), cell(u.mail), cell(u.department)]),
    {
      header: true,
      columns: ["userPrincipalName", "displayName", "mail", "department"],
      record_delimiter: "windows",
    },
  );
}
