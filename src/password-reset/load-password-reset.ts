import type { Context } from "../context.ts";
import type { Tenant, User } from "../directory/types.ts";
import { tokenHashes } from "../sign-in/tokens.ts";
import { findLivePasswordReset } from "../store/queries/password-resets.ts";
import { listRolesOf } from "../store/queries/roles.ts";
import { findTenantById } from "../store/queries/tenants.ts";
import { findUserById } from "../store/queries/users.ts";
import type { PasswordResetsTable } from "../store/schema.ts";
import { type ResetRequirements, resetRequirements } from "./reset-requirements.ts";
import { proofsOf, type ResetProof } from "./reset-state.ts";

/** A live reset as the pages and the steps read it. */
export type PasswordReset = {
  readonly row: PasswordResetsTable;
  readonly tenant: Tenant;
  /** Undefined for a reset that names nobody who may reset (it fails at every answer). */
  readonly user: User | undefined;
  readonly requirements: ResetRequirements;
  readonly proven: readonly ResetProof[];
};

/** The live reset the browser's token names, or undefined (none, expired, used up, completed). */
export async function loadPasswordReset(
  ctx: Context,
  token: string | undefined,
): Promise<PasswordReset | undefined> {
  if (!token) return undefined;
  const row = await findLivePasswordReset(
    ctx.store.db,
    tokenHashes(ctx.keyring, "password-reset", token),
    ctx.now(),
  );
  if (!row) return undefined;
  const tenant = await findTenantById(ctx.store.db, row.tenant_id);
  if (!tenant) return undefined;
  const user = row.user_id === null ? undefined : await findUserById(ctx.store.db, row.user_id);
  const administrator =
    user !== undefined && (await listRolesOf(ctx.store.db, "user", user.id)).length > 0;
  return {
    row,
    tenant,
    user,
    requirements: resetRequirements(tenant.policy, administrator),
    proven: proofsOf(row),
  };
}

/** Whether the methods proven are enough for a new password. */
export function resetProven(reset: PasswordReset): boolean {
  const kinds = new Set(reset.proven.map((proof) => proof.method));
  return reset.user !== undefined && kinds.size >= reset.requirements.required;
}
