import type { Context } from "../../context.ts";
import { keyedHash, keyedHashCandidates } from "../../crypto/keyed-hash.ts";
import { randomToken } from "../../crypto/random.ts";
import {
  findLiveWebauthnChallenge,
  insertWebauthnChallenge,
} from "../../store/queries/webauthn-challenges.ts";

/**
 * What a challenge is for; each is bound to its subject: a pending sign-in, a session, a browser,
 * a password reset.
 */
export type ChallengePurpose =
  | "registration"
  | "secondFactor"
  | "passwordless"
  | "reauth"
  | "passwordReset";

/** How long a challenge may be answered: the browser's own prompt times out before. */
export const challengeLifetimeMs = 5 * 60_000;
/** The sign-in page waits for the passkey autofill as long as the user stays on it. */
export const passwordlessChallengeLifetimeMs = 15 * 60_000;

const hashOf = (ctx: Context, challenge: string) =>
  keyedHash(ctx.keyring, `webauthn-challenge:${challenge}`);

/** A new random challenge, stored only as its keyed hash, with its purpose, subject and expiry. */
export async function issueWebauthnChallenge(
  ctx: Context,
  input: { tenantId: string; purpose: ChallengePurpose; subject: string; userId: string | null },
): Promise<string> {
  const challenge = randomToken(32);
  const lifetime =
    input.purpose === "passwordless" ? passwordlessChallengeLifetimeMs : challengeLifetimeMs;
  await insertWebauthnChallenge(ctx.store.db, {
    hash: hashOf(ctx, challenge),
    tenant_id: input.tenantId,
    purpose: input.purpose,
    subject: input.subject,
    user_id: input.userId,
    expires_at: ctx.now() + lifetime,
  });
  return challenge;
}

/**
 * The challenge a browser's response signed, if Varco issued it for this purpose and subject and
 * it is live and unused: its stored hash (to use it, once) and the user it was issued for.
 */
export async function findWebauthnChallenge(
  ctx: Context,
  input: {
    response: { readonly response: { readonly clientDataJSON: string } };
    tenantId: string;
    purpose: ChallengePurpose;
    subject: string;
  },
): Promise<{ challenge: string; hash: string; userId: string | null } | undefined> {
  const challenge = signedChallengeOf(input.response.response.clientDataJSON);
  if (challenge === undefined) return undefined;
  const row = await findLiveWebauthnChallenge(ctx.store.db, {
    hashes: keyedHashCandidates(ctx.keyring, `webauthn-challenge:${challenge}`),
    tenantId: input.tenantId,
    purpose: input.purpose,
    subject: input.subject,
    now: ctx.now(),
  });
  return row ? { challenge, hash: row.hash, userId: row.user_id } : undefined;
}

/** The challenge in a response's clientDataJSON (base64url JSON); undefined when unreadable. */
function signedChallengeOf(clientDataJSON: string): string | undefined {
  try {
    const data: unknown = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8"));
    const challenge = (data as { challenge?: unknown }).challenge;
    return typeof challenge === "string" && challenge.length <= 128 ? challenge : undefined;
  } catch {
    return undefined;
  }
}
