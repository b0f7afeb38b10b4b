import { randomUUID } from "node:crypto";
import type { Context } from "../context.ts";
import type { Tenant, User } from "../directory/types.ts";
import {
  findLivePendingSignIn,
  findLivePendingSignInById,
  type PendingSignInRow,
} from "../store/queries/pending-sign-ins.ts";
import type { PendingSignInsTable } from "../store/schema.ts";
import type { SignInFacts } from "./machine/facts.ts";
import { issueToken, tokenHashes } from "./tokens.ts";

/** A pending sign-in lives about 10 minutes: time to find the phone, not to leave it open. */
export const pendingSignInMs = 10 * 60_000;
/** Wrong codes one pending sign-in may try before the user must type the password again. */
export const pendingSignInAttempts = 5;

/** A live pending sign-in: its facts, and the version a change must be written over. */
export type PendingSignIn = Omit<PendingSignInRow, "factsJson"> & {
  readonly facts: SignInFacts & { readonly userId: string };
};

/** The row that keeps a new pending sign-in, and the token for its cookie. */
export function newPendingSignIn(
  ctx: Context,
  facts: SignInFacts & { readonly userId: string },
): { token: string; row: PendingSignInsTable } {
  const now = ctx.now();
  const { token, hash } = issueToken(ctx.keyring, "pending-sign-in");
  return {
    token,
    row: {
      id: randomUUID(),
      token_hash: hash,
      tenant_id: facts.tenantId,
      user_id: facts.userId,
      facts_json: JSON.stringify(facts),
      version: 0,
      attempts: 0,
      created_at: now,
      expires_at: now + pendingSignInMs,
      done_at: null,
    },
  };
}

/**
 * The live pending sign-in a cookie token names, with its tenant and user (read with it). One that
 * used up its attempts is still live, so that a right code checked at the same moment can still
 * finish it (it took its attempt first).
 */
export async function loadPendingSignIn(
  ctx: Context,
  token: string | undefined,
): Promise<{ pending: PendingSignIn; tenant: Tenant; user: User } | undefined> {
  if (!token) return undefined;
  const found = await findLivePendingSignIn(
    ctx.store.db,
    tokenHashes(ctx.keyring, "pending-sign-in", token),
    ctx.now(),
  );
  return found && pendingOf(found);
}

/** The live pending sign-in with this id, for a telephony provider's callback about its call. */
export async function loadPendingSignInById(
  ctx: Context,
  id: string,
): Promise<{ pending: PendingSignIn; tenant: Tenant; user: User } | undefined> {
  const found = await findLivePendingSignInById(ctx.store.db, id, ctx.now());
  return found && pendingOf(found);
}

function pendingOf(
  found: NonNullable<Awaited<ReturnType<typeof findLivePendingSignIn>>>,
): { pending: PendingSignIn; tenant: Tenant; user: User } | undefined {
  const { factsJson, ...rest } = found.row;
  const facts = JSON.parse(factsJson) as Partial<SignInFacts>;
  // Rows begun before the facts were kept hold none: that sign-in starts again.
  if (facts.userId !== rest.userId || facts.tenantId !== rest.tenantId) return undefined;
  const pending = { ...rest, facts: facts as SignInFacts & { userId: string } };
  return { pending, tenant: found.tenant, user: found.user };
}
