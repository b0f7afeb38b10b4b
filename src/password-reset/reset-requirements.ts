import {
  codeMethods,
  type PasswordResetMethod,
} from "../policy/password-reset/password-reset-methods.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";

/** How many different methods a reset takes, and which may be used. */
export type ResetRequirements = {
  readonly required: 1 | 2;
  readonly methods: readonly PasswordResetMethod[];
};

/**
 * As in Entra: with one method required, only a code proves it; holders of an administrator role
 * always prove two, and never with security questions (a colleague may know the answers).
 */
export function resetRequirements(policy: TenantPolicy, administrator: boolean): ResetRequirements {
  const required = administrator ? 2 : policy.passwordResetMethodsRequired;
  const methods = policy.passwordResetMethods.filter(
    (method) =>
      (required === 2 || codeMethods.has(method)) &&
      !(administrator && method === "securityQuestions"),
  );
  return { required, methods };
}
