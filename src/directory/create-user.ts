import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { hashPassword } from "../crypto/password.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { isUniqueViolation } from "../store/is-unique-violation.ts";
import { insertUser } from "../store/queries/users.ts";
import { checkPassword } from "./password-rules.ts";
import type { Tenant, User } from "./types.ts";
import { checkUpn, upnKey } from "./upn.ts";

export async function createUser(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  input: { upn: string; displayName?: string | undefined; password?: string | undefined },
): Promise<User> {
  const upn = checkUpn(input.upn);
  const displayName = input.displayName?.trim() || upn;
  if (displayName.length > 256)
    throw new VarcoError("invalid_request", "display name over 256 characters");
  const passwordHash =
    input.password === undefined
      ? null
      : await hashPassword(
          await checkPassword(input.password, {
            upn,
            displayName,
            tenantName: tenant.name,
            tenantDisplayName: tenant.displayName,
          }),
        );
  const now = ctx.now();
  const user: User = {
    id: randomUUID(),
    tenantId: tenant.id,
    upn,
    displayName,
    blocked: false,
    blockedReason: null,
    createdAt: now,
    lastSignInAt: null,
    reregisterRequiredAt: null,
    blockedUntil: null,
    passwordChangeRequiredAt: null,
    passwordChangeForcedAt: null,
  };
  try {
    await ctx.store.transaction(async (tx) => {
      await insertUser(tx, {
        id: user.id,
        tenant_id: tenant.id,
        upn,
        upn_key: upnKey(upn),
        display_name: displayName,
        password_hash: passwordHash,
        blocked: 0,
        blocked_reason: null,
        created_at: now,
        last_sign_in_at: null,
      });
      await recordAudit(
        tx,
        { now, actor, keyring: ctx.keyring },
        {
          tenantId: tenant.id,
          action: "Add user",
          targetType: "user",
          targetId: user.id,
          details: { upn, displayName, hasPassword: passwordHash !== null },
        },
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new VarcoError("user_exists", `user '${upn}' exists in tenant '${tenant.name}'`, {
        cause: error,
      });
    }
    throw error;
  }
  return user;
}
