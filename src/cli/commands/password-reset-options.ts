import type { Command } from "commander";
import type { Context } from "../../context.ts";
import { findGroup } from "../../directory/find-group.ts";
import type { Tenant } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { TenantPolicy } from "../../policy/tenant-policy.ts";

/** The self-service password reset options of `varco tenant policy`. */
export function withPasswordResetOptions(command: Command): Command {
  return command
    .option("--password-reset <who>", "who may reset a forgotten password: all, group or none")
    .option("--password-reset-group <name>", "the group when --password-reset group")
    .option(
      "--password-reset-methods-required <n>",
      "methods a reset takes (1 or 2; with 1 only codes count; administrators always 2)",
    )
    .option(
      "--password-reset-methods <methods>",
      "comma-separated: email, sms, voice, authenticatorApp, passkey, securityQuestions",
    )
    .option(
      "--password-reset-registration <yes|no>",
      "whether users with too few reset methods are asked to register them after signing in",
    );
}

/** What those options ask to change; the policy checks every value. */
export async function passwordResetChanges(
  ctx: Context,
  tenant: Tenant,
  options: Partial<Record<string, string>>,
): Promise<Partial<TenantPolicy>> {
  const changes: Record<string, unknown> = {};
  if (options.passwordReset !== undefined) changes.passwordResetEnabledFor = options.passwordReset;
  if (options.passwordResetGroup !== undefined)
    changes.passwordResetGroupId = (await findGroup(ctx, tenant, options.passwordResetGroup)).id;
  const required = options.passwordResetMethodsRequired;
  if (required !== undefined) {
    if (!/^\d$/.test(required))
      throw new VarcoError("invalid_policy", "--password-reset-methods-required must be 1 or 2");
    changes.passwordResetMethodsRequired = Number(required);
  }
  if (options.passwordResetMethods !== undefined)
    changes.passwordResetMethods = options.passwordResetMethods
      .split(",")
      .map((method) => method.trim())
      .filter(Boolean);
  const registration = options.passwordResetRegistration;
  if (registration !== undefined) {
    if (!["yes", "no"].includes(registration))
      throw new VarcoError("invalid_policy", "--password-reset-registration must be yes or no");
    changes.passwordResetRegistrationRequired = registration === "yes";
  }
  return changes as Partial<TenantPolicy>;
}
