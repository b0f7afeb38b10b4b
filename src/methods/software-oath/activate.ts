import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { Tenant, User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import {
  activatePendingMethod,
  findOathSecret,
  incrementFailedAttempts,
  listMethods,
  setDefaultMethod,
} from "../../store/queries/methods.ts";
import { lockUser } from "../../store/queries/users.ts";
import { matchOathCode } from "./match-code.ts";

/**
 * Finishes enrolment: the pending method becomes active once the user types a current code from
 * it. The first active method of a user becomes the default.
 */
export async function activateSoftwareOath(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  user: User,
  input: { methodId: string; code: string },
): Promise<void> {
  const method = await findOathSecret(ctx.store.db, user.id, input.methodId);
  if (!method)
    throw new VarcoError("method_not_found", `user '${user.upn}' has no method ${input.methodId}`);
  if (method.state !== "pending") throw new VarcoError("method_not_pending");
  const now = ctx.now();
  const match = matchOathCode(
    ctx.keyring,
    [method],
    input.code.trim(),
    now,
    tenant.policy.totpWindow,
  );
  // A code at or before the last one used (a token back from someone else) is spent.
  const spent = match && method.lastStep !== null && match.step <= method.lastStep;
  if (!match || spent) {
    await incrementFailedAttempts(ctx.store.db, method.id);
    throw new VarcoError("invalid_code");
  }
  await ctx.store.transaction(async (tx) => {
    await lockUser(tx, ctx.store.kind, user.id);
    if (!(await activatePendingMethod(tx, method.id, match.step, now))) {
      throw new VarcoError("method_not_pending");
    }
    const methods = await listMethods(tx, user.id);
    const hasDefault = methods.some((m) => m.isDefault && m.state === "active");
    if (!hasDefault) await setDefaultMethod(tx, user.id, method.id);
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action:
          method.kind === "hardwareOath"
            ? "Activate hardware OATH token"
            : "Activate authenticator app",
        targetType: "method",
        targetId: method.id,
        details: {
          upn: user.upn,
          before: { state: "pending" },
          after: { state: "active", isDefault: !hasDefault },
        },
      },
    );
  });
}
