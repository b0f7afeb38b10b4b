import type { Context } from "../context.ts";
import type { SignedIn } from "../sessions/authenticate-session.ts";
import { listActiveOathSecrets } from "../store/queries/methods.ts";
import { markSecondFactorProven } from "../store/queries/sessions.ts";
import { recordSignIn } from "./record-sign-in.ts";
import type { ClientInfo } from "./types.ts";
import { type SecondFactorProof, verifySecondFactor } from "./verify-second-factor.ts";

export type StepUpOutcome =
  | { readonly kind: "proven" }
  | { readonly kind: "refused" }
  | { readonly kind: "locked"; readonly until: number };

/**
 * A signed-in user proves a second factor again before a sensitive act (session-strength.ts):
 * the same check as at sign-in (the user's lockout first, a code accepted once), a sign-in log
 * line whose first factor is the session, and the session's second factor marked proven now.
 */
export async function proveFactorAgain(
  ctx: Context,
  who: SignedIn,
  proof: SecondFactorProof,
  client: ClientInfo,
): Promise<StepUpOutcome> {
  const { user, tenant, session } = who;
  const db = ctx.store.db;
  const methods = await listActiveOathSecrets(db, user.id);
  const check = await verifySecondFactor(ctx, tenant.policy, user.id, methods, proof);
  const now = ctx.now();
  const chosen = proof.kind === "code" ? (proof.methodId ?? null) : null;
  await ctx.store.transaction(async (tx) => {
    if (check.ok) await markSecondFactorProven(tx, session.id, now, check.methodKind);
    await recordSignIn(tx, now, {
      tenantId: tenant.id,
      userId: user.id,
      upn: user.upn,
      channel: "pages",
      client,
      result: check.ok ? "success" : "failure",
      reason: check.ok
        ? "success"
        : check.reason === "locked_out" || check.reason === "code_reused"
          ? check.reason
          : "invalid_code",
      firstFactor: "session",
      methodId: check.ok ? check.methodId : chosen,
      methodKind: check.ok
        ? check.methodKind
        : proof.kind === "code"
          ? "softwareOath"
          : "backupCode",
      mfa: check.ok ? check.by : null,
    });
  });
  if (check.ok) return { kind: "proven" };
  return check.lockedUntil === undefined
    ? { kind: "refused" }
    : { kind: "locked", until: check.lockedUntil };
}
