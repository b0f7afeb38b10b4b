import type { Context } from "../context.ts";
import type { Tenant, User } from "../directory/types.ts";
import type { PasswordResetMethod } from "../policy/password-reset/password-reset-methods.ts";
import { listRolesOf } from "../store/queries/roles.ts";
import { passwordResetAllowed } from "./password-reset-allowed.ts";
import { registeredResetMethods } from "./registered-reset-methods.ts";
import { resetRequirements } from "./reset-requirements.ts";

/** Where a user stands for self-service password reset (Graph's userRegistrationDetails). */
export type ResetRegistration = {
  /** The tenant lets the user reset their password. */
  readonly enabled: boolean;
  /** Different methods a reset takes for this user. */
  readonly required: number;
  /** The methods the tenant allows the user for a reset. */
  readonly allowed: readonly PasswordResetMethod[];
  /** Every reset method the user has registered, allowed or not. */
  readonly registered: readonly PasswordResetMethod[];
  /** Enough allowed methods are registered: the user could reset now. */
  readonly capable: boolean;
  /** The tenant asks the user to register more at sign-in. */
  readonly owed: boolean;
  readonly administrator: boolean;
};

export async function resetRegistrationOf(
  ctx: Context,
  tenant: Tenant,
  user: User,
): Promise<ResetRegistration> {
  const [enabled, roles, registered] = await Promise.all([
    passwordResetAllowed(ctx, tenant.policy, user.id),
    listRolesOf(ctx.store.db, "user", user.id),
    registeredResetMethods(ctx, tenant, user),
  ]);
  const administrator = roles.length > 0;
  const { required, methods: allowed } = resetRequirements(tenant.policy, administrator);
  const usable = registered.filter((method) => allowed.includes(method)).length;
  const capable = enabled && usable >= required;
  return {
    enabled,
    required,
    allowed,
    registered,
    capable,
    owed: enabled && !capable && tenant.policy.passwordResetRegistrationRequired,
    administrator,
  };
}
