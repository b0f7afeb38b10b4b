import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { releaseTokens } from "../../hardware-tokens/release-tokens.ts";
import { serialFingerprints } from "../../hardware-tokens/serial-fingerprints.ts";
import {
  type BulkTarget,
  usersHoldingHardwareTokens,
  usersWithRolesByKey,
} from "../../store/queries/bulk-users.ts";
import { secondFactorCounterKey } from "../../store/queries/lockouts.ts";
import { countUsersWithRole, lockTenantRoles } from "../../store/queries/roles.ts";
import { deleteUserRows } from "../../store/queries/users.ts";
import type { Tenant } from "../types.ts";
import { checkUpn, upnKey } from "../upn.ts";
import type { RefusedUserRow } from "./bulk-error-csv.ts";
import type { EntraRow } from "./entra-csv.ts";
import { type RowRefusal, rowRefusal } from "./row-refusal.ts";

export type BulkDeleteSummary = { deleted: number; failed: number };

// Rows per batch: one read of the users and their roles, then one transaction that deletes them
// with a few statements per table, short enough not to hold up the sign-ins queued behind it.
const batchSize = 200;

type Named = { readonly line: number; readonly upn: string };

/**
 * Entra's "Bulk delete user": each row names a user, deleted by the rules of deleteUser
 * (delete-user.ts): their methods, backup codes, Temporary Access Pass, sessions, remembered
 * devices, pending sign-ins, roles and group memberships go, their hardware tokens return to the
 * inventory, and the sign-in and audit logs keep their entries. `mayDelete` says whether the
 * caller may delete a user who holds an administrator role; the tenant's last Global
 * Administrator is never deleted. Each batch is one transaction with one audit entry listing
 * the users it deleted. A refused row goes to `onRefused`, in the file's order.
 */
export async function bulkDeleteUsers(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  rows: AsyncIterable<EntraRow>,
  handlers: {
    mayDelete: (target: { isAdmin: boolean }) => boolean;
    onRefused: (row: RefusedUserRow) => void | Promise<void>;
    onBatch?: (summary: BulkDeleteSummary) => void;
  },
): Promise<BulkDeleteSummary> {
  const summary: BulkDeleteSummary = { deleted: 0, failed: 0 };
  const seen = serialFingerprints();
  let batch: (RefusedUserRow | Named)[] = [];
  const flush = async () => {
    const refused = await deleteBatch(ctx, actor, tenant, batch, handlers.mayDelete);
    summary.deleted += batch.length - refused.length;
    summary.failed += refused.length;
    batch = [];
    for (const row of refused) await handlers.onRefused(row);
    handlers.onBatch?.(summary);
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  for await (const row of rows) {
    if ("refused" in row) {
      batch.push({ line: row.line, userPrincipalName: "", refused: row.refused });
    } else {
      const text = row.values.userPrincipalName ?? "";
      const refuse = (refused: RowRefusal) =>
        batch.push({ line: row.line, userPrincipalName: text.trim().slice(0, 256), refused });
      const upn = validUpn(text);
      if (text.trim() === "") refuse(rowRefusal("required", { column: "User name" }));
      else if (upn === undefined) refuse(rowRefusal("upn_invalid"));
      else if (!seen.add(upnKey(upn))) refuse(rowRefusal("duplicate_upn", { upn }));
      else batch.push({ line: row.line, upn });
    }
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return summary;
}

/** Deletes the batch's users in one transaction; returns its refused rows in the file's order. */
async function deleteBatch(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  batch: readonly (RefusedUserRow | Named)[],
  mayDelete: (target: { isAdmin: boolean }) => boolean,
): Promise<RefusedUserRow[]> {
  const named = batch.filter((row): row is Named => "upn" in row);
  if (named.length === 0) return batch as RefusedUserRow[];
  return ctx.store.transaction(async (tx) => {
    // Read inside the transaction, after the tenant's roles are locked: a role given meanwhile
    // counts, and two deletions cannot each leave the other's Global Administrator the last.
    await lockTenantRoles(tx, tenant.id);
    const users = await usersWithRolesByKey(
      tx,
      tenant.id,
      named.map((row) => upnKey(row.upn)),
    );
    let globalAdministrators = await countUsersWithRole(tx, tenant.id, "globalAdministrator");
    const refused: RefusedUserRow[] = [];
    const deleted: BulkTarget[] = [];
    for (const row of batch) {
      if (!("upn" in row)) {
        refused.push(row);
        continue;
      }
      const user = users.get(upnKey(row.upn));
      const refuse = (reason: RowRefusal) =>
        refused.push({ line: row.line, userPrincipalName: row.upn, refused: reason });
      if (!user) {
        refuse(rowRefusal("no_user", { upn: row.upn }));
      } else if (!mayDelete({ isAdmin: user.roles.length > 0 })) {
        refuse(rowRefusal("administrator", { upn: user.upn }));
      } else if (user.roles.includes("globalAdministrator") && globalAdministrators <= 1) {
        refuse(rowRefusal("last_global_administrator", { upn: user.upn }));
      } else {
        if (user.roles.includes("globalAdministrator")) globalAdministrators--;
        deleted.push(user);
      }
    }
    if (deleted.length === 0) return refused;
    const ids = deleted.map((user) => user.id);
    // Their hardware tokens go back to the inventory, as deleteUser does it, for those with one.
    for (const id of await usersHoldingHardwareTokens(tx, ids)) await releaseTokens(tx, id);
    await deleteUserRows(tx, ids, ids.map(secondFactorCounterKey));
    await recordAudit(
      tx,
      { now: ctx.now(), actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Bulk delete users",
        targetType: "tenant",
        targetId: tenant.id,
        details: {
          count: deleted.length,
          users: deleted.map((user) => ({
            id: user.id,
            upn: user.upn,
            displayName: user.displayName,
            roles: user.roles,
          })),
        },
      },
    );
    return refused;
  });
}

function validUpn(text: string): string | undefined {
  try {
    return checkUpn(text);
  } catch (error) {
    if (isVarcoError(error, "invalid_upn")) return undefined;
    throw error;
  }
}
