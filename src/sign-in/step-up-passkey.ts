import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import type { Context } from "../context.ts";
import { passkeyPolicyFor } from "../methods/passkey/passkey-policy-for.ts";
import type { SignedIn } from "../sessions/authenticate-session.ts";
import { findPasskeyByCredentialId } from "../store/queries/passkeys.ts";
import { markSecondFactorProven } from "../store/queries/sessions.ts";
import { recordSignIn } from "./record-sign-in.ts";
import type { StepUpOutcome } from "./step-up.ts";
import type { ClientInfo } from "./types.ts";
import { verifyPasskey } from "./verify-passkey.ts";

/**
 * A signed-in user proves a passkey or security key again (re-authentication before a sensitive
 * act, or to reach pages that require phishing-resistant MFA): its signature over the challenge
 * issued to this session, claimed once with the session marked proven and the sign-in log line.
 */
export async function provePasskeyAgain(
  ctx: Context,
  who: SignedIn,
  response: AuthenticationResponseJSON,
  client: ClientInfo,
): Promise<StepUpOutcome> {
  const { user, tenant, session } = who;
  const credential = await findPasskeyByCredentialId(ctx.store.db, tenant.id, response.id);
  const policy = await passkeyPolicyFor(ctx, tenant.id, user.id);
  const check = await verifyPasskey(ctx, {
    user,
    credential,
    policy,
    response,
    purpose: "reauth",
    subject: session.id,
    requireUserVerification: policy.isUserVerificationRequired,
    client,
  });
  const now = ctx.now();
  const kind = credential?.kind ?? "passkey";
  const proven = await ctx.store.transaction(async (tx) => {
    const claimed = check.ok && (await check.claim.write(tx));
    if (claimed) await markSecondFactorProven(tx, session.id, now, kind);
    await recordSignIn(tx, now, {
      tenantId: tenant.id,
      userId: user.id,
      upn: user.upn,
      channel: "pages",
      client,
      result: claimed ? "success" : "failure",
      reason: claimed ? "success" : check.ok ? "passkey_failed" : check.reason,
      firstFactor: "session",
      methodId: credential?.id ?? null,
      methodKind: kind,
      mfa: claimed ? "passkey" : null,
    });
    return claimed;
  });
  return proven ? { kind: "proven" } : { kind: "refused" };
}
