import { randomUUID } from "node:crypto";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import { keyedHash } from "../../crypto/keyed-hash.ts";
import type { Tenant, User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { isUniqueViolation } from "../../store/is-unique-violation.ts";
import {
  type AppPasswordEntry,
  insertAppPassword,
  listAppPasswords,
} from "../../store/queries/app-passwords.ts";
import { lockUser } from "../../store/queries/users.ts";
import {
  appPasswordHashInput,
  generateAppPassword,
  groupAppPassword,
  maxAppPasswordsPerUser,
} from "./app-password-format.ts";
import { appPasswordNameKey, checkAppPasswordName } from "./app-password-name.ts";

/**
 * A user creates a named app password, when the tenant allows
 * them (`app_passwords_not_allowed`, off by default). The password is drawn here, kept only as
 * its keyed hash, and returned once, grouped for typing: nobody can read it again. The user's row
 * is locked while the passwords are counted and the names compared, so two creations at once
 * never pass 40 (`too_many_app_passwords`) nor give one name twice (`app_password_name_taken`,
 * in any case). The row and its audit entry land in one transaction.
 */
export async function createAppPassword(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  user: User,
  input: { name: string },
): Promise<{ appPassword: AppPasswordEntry; password: string }> {
  if (!tenant.policy.appPasswordsAllowed) throw new VarcoError("app_passwords_not_allowed");
  const name = checkAppPasswordName(input.name);
  const password = generateAppPassword();
  const now = ctx.now();
  const appPassword: AppPasswordEntry = {
    id: randomUUID(),
    name,
    createdAt: now,
    lastUsedAt: null,
  };
  try {
    await ctx.store.transaction(async (tx) => {
      await lockUser(tx, ctx.store.kind, user.id);
      const existing = await listAppPasswords(tx, user.id);
      if (existing.length >= maxAppPasswordsPerUser) throw new VarcoError("too_many_app_passwords");
      if (existing.some((entry) => appPasswordNameKey(entry.name) === appPasswordNameKey(name)))
        throw new VarcoError("app_password_name_taken");
      await insertAppPassword(tx, {
        id: appPassword.id,
        tenant_id: user.tenantId,
        user_id: user.id,
        name,
        password_hash: keyedHash(ctx.keyring, appPasswordHashInput(password)),
        created_at: now,
        last_used_at: null,
      });
      await recordAudit(
        tx,
        { now, actor, keyring: ctx.keyring },
        {
          tenantId: user.tenantId,
          action: "Create app password",
          targetType: "method",
          targetId: appPassword.id,
          details: { upn: user.upn, name },
        },
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new VarcoError("app_password_name_taken");
    throw error;
  }
  return { appPassword, password: groupAppPassword(password) };
}
