import type { Context } from "../../context.ts";
import { keyedHash } from "../../crypto/keyed-hash.ts";
import { passkeyPolicyFor } from "../../methods/passkey/passkey-policy-for.ts";
import { userHandleOf } from "../../methods/passkey/registration-options.ts";
import { findPasskeyByCredentialId } from "../../store/queries/passkeys.ts";
import { findUserById } from "../../store/queries/users.ts";
import { type Channel, newFacts } from "../machine/facts.ts";
import { passwordAccepted, takePasswordAttempt } from "../password-throttle.ts";
import type { ClientInfo } from "../types.ts";
import { verifyPasskey } from "../verify-passkey.ts";
import type { Applied, StartEvent } from "./event.ts";

/** The subject a passwordless challenge is bound to: the browser's token, as a keyed hash. */
export const passwordlessSubject = (ctx: Context, browserToken: string) =>
  keyedHash(ctx.keyring, `passkey-browser:${browserToken}`);

/**
 * "Sign in with a passkey": no user name, no password. The browser's answer names a credential of
 * the tenant, whose user handle must be the user's; its signature over the challenge issued to
 * this browser, with user verification, proves both factors. The password throttle counts the
 * attempt first (per credential and per address), so a wrong answer costs as a wrong password
 * does, and every gate after (blocked, locked out, risk, password change, registration) applies.
 * An unknown credential and a bad signature get one answer.
 */
export async function applyPasskeySignIn(
  ctx: Context,
  event: Extract<StartEvent, { type: "passkey" }>,
  client: ClientInfo,
  channel: Channel,
): Promise<Applied> {
  const { tenant, response } = event;
  const now = ctx.now();
  const start = newFacts({ tenantId: tenant.id, upn: "", channel, firstFactor: "passkey", now });
  const throttleKey = `passkey:${response.id.slice(0, 200)}`;
  const { retryAt } = await takePasswordAttempt(ctx, tenant, throttleKey, client.ip);
  if (retryAt !== undefined) return { facts: start, refusal: { reason: "throttled", retryAt } };
  const credential = await findPasskeyByCredentialId(ctx.store.db, tenant.id, response.id);
  const user = credential && (await findUserById(ctx.store.db, credential.user_id));
  const logMethod = { id: credential?.id ?? null, kind: credential?.kind ?? "passkey" };
  const handle = response.response.userHandle;
  if (!user || user.tenantId !== tenant.id || handle !== userHandleOf(user).toString("base64url"))
    return { facts: start, refusal: { reason: "passkey_failed" }, logMethod };
  const facts = { ...start, userId: user.id, upn: user.upn };
  const check = await verifyPasskey(ctx, {
    user,
    credential,
    policy: await passkeyPolicyFor(ctx, tenant.id, user.id),
    response,
    purpose: "passwordless",
    subject: passwordlessSubject(ctx, event.browserToken),
    requireUserVerification: true,
    client,
  });
  if (!check.ok) return { facts, user, refusal: { reason: check.reason }, logMethod };
  await passwordAccepted(ctx, tenant, throttleKey, client.ip);
  const provenAt = ctx.now();
  return {
    facts: {
      ...facts,
      firstFactor: { kind: "passkey", provenAt },
      secondFactor: {
        by: "passkey",
        at: provenAt,
        methodId: credential.id,
        methodKind: credential.kind,
      },
    },
    user,
    logMethod,
    proofToClaim: {
      ...check.claim,
      ifLost: { facts, user, refusal: { reason: "passkey_failed" }, logMethod },
    },
  };
}
