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
import { checkProfile, type UserProfile } from "./user-profile.ts";

export async function createUser(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  input: {
    upn: string;
    displayName?: string | undefined;
    password?: string | undefined;
    /** false: created blocked, with `blockedReason` (Graph's accountEnabled; default true). */
    accountEnabled?: boolean | undefined;
    blockedReason?: string | undefined;
    /** Graph's passwordProfile.forceChangePasswordNextSignIn (with a password only). */
    forceChangePasswordNextSignIn?: boolean | undefined;
  } & Omit<UserProfile, "displayName">,
): Promise<User> {
  const upn = checkUpn(input.upn);
  const displayName = input.displayName?.trim() || upn;
  if (displayName.length > 256)
    throw new VarcoError("invalid_request", "display name over 256 characters");
  const profile = checkProfile({
    mail: input.mail ?? null,
    mobilePhone: input.mobilePhone ?? null,
    department: input.department ?? null,
  });
  const blocked = input.accountEnabled === false;
  const blockedReason = blocked ? (input.blockedReason ?? "Created disabled").trim() : null;
  if (blockedReason !== null && (blockedReason.length === 0 || blockedReason.length > 500)) {
    throw new VarcoError("invalid_reason", "give a reason of 1 to 500 characters");
  }
  if (input.forceChangePasswordNextSignIn && input.password === undefined) {
    throw new VarcoError("invalid_request", "forceChangePasswordNextSignIn needs a password");
  }
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
    blocked,
    blockedReason,
    createdAt: now,
    lastSignInAt: null,
    reregisterRequiredAt: null,
    blockedUntil: null,
    passwordChangeRequiredAt: null,
    passwordChangeForcedAt: input.forceChangePasswordNextSignIn ? now : null,
    mail: profile.mail ?? null,
    mobilePhone: profile.mobilePhone ?? null,
    department: profile.department ?? null,
    preferredPhoneMethod: null,
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
        blocked: blocked ? 1 : 0,
        blocked_reason: blockedReason,
        created_at: now,
        last_sign_in_at: null,
        password_change_forced_at: user.passwordChangeForcedAt,
        mail: user.mail,
        mobile_phone: user.mobilePhone,
        department: user.department,
      });
      await recordAudit(
        tx,
        { now, actor, keyring: ctx.keyring },
        {
          tenantId: tenant.id,
          action: "Add user",
          targetType: "user",
          targetId: user.id,
          details: {
            upn,
            displayName,
            hasPassword: passwordHash !== null,
            accountEnabled: !blocked,
            mail: user.mail,
            mobilePhone: user.mobilePhone,
            department: user.department,
          },
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
