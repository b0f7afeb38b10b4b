import { randomUUID } from "node:crypto";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import { keyedHash } from "../../crypto/keyed-hash.ts";
import type { Tenant, User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { isUniqueViolation } from "../../store/is-unique-violation.ts";
import {
  deleteUnusablePass,
  insertTemporaryAccessPass,
} from "../../store/queries/temporary-access-passes.ts";
import { generatePass, passHashInput } from "./format.ts";

export type TemporaryAccessPassRequest = {
  /** When the pass starts to work (default now); at most 30 days ahead. */
  readonly startAt?: number | undefined;
  /** Minutes it works for; the tenant's default when absent, within the tenant's limits. */
  readonly lifetimeMinutes?: number | undefined;
  /** One sign-in only; required when the tenant says every pass is one-time. */
  readonly usableOnce?: boolean | undefined;
};

export type IssuedTemporaryAccessPass = {
  readonly id: string;
  /** Shown once: only its keyed hash is kept. */
  readonly pass: string;
  readonly startAt: number;
  readonly expiresAt: number;
  readonly lifetimeMinutes: number;
  readonly usableOnce: boolean;
};

const maxStartAheadMs = 30 * 24 * 3_600_000;

/**
 * Seed 003 "Temporary Access Pass": a time-limited pass that lets a user who lost their methods
 * sign in and register new ones. At most one per user: a live pass must be deleted before
 * another is issued (a spent or expired one makes room by itself).
 */
export async function issueTemporaryAccessPass(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  user: User,
  request: TemporaryAccessPassRequest,
): Promise<IssuedTemporaryAccessPass> {
  const policy = tenant.policy;
  const now = ctx.now();
  const lifetimeMinutes = request.lifetimeMinutes ?? policy.tapDefaultLifetimeMinutes;
  const { tapMinimumLifetimeMinutes: min, tapMaximumLifetimeMinutes: max } = policy;
  if (!Number.isInteger(lifetimeMinutes) || lifetimeMinutes < min || lifetimeMinutes > max) {
    throw new VarcoError(
      "invalid_temporary_access_pass",
      `the lifetime must be from ${min} to ${max} minutes (the tenant's limits)`,
    );
  }
  const startAt = request.startAt ?? now;
  if (!Number.isFinite(startAt) || startAt < now - 60_000 || startAt > now + maxStartAheadMs) {
    throw new VarcoError(
      "invalid_temporary_access_pass",
      "the start must be from now to 30 days ahead",
    );
  }
  if (policy.tapUsableOnceOnly && request.usableOnce === false) {
    throw new VarcoError("invalid_temporary_access_pass", "the tenant allows one-time passes only");
  }
  const usableOnce = request.usableOnce ?? policy.tapUsableOnceOnly;
  const pass = generatePass(policy.tapLength);
  const issued = {
    id: randomUUID(),
    pass,
    startAt: Math.max(startAt, now),
    expiresAt: Math.max(startAt, now) + lifetimeMinutes * 60_000,
    lifetimeMinutes,
    usableOnce,
  };
  try {
    await ctx.store.transaction(async (tx) => {
      await deleteUnusablePass(tx, user.id, now);
      await insertTemporaryAccessPass(tx, {
        id: issued.id,
        tenant_id: tenant.id,
        user_id: user.id,
        pass_hash: keyedHash(ctx.keyring, passHashInput(user.id, pass)),
        usable_once: usableOnce ? 1 : 0,
        created_at: now,
        start_at: issued.startAt,
        expires_at: issued.expiresAt,
        used_at: null,
        last_used_at: null,
      });
      await recordAudit(
        tx,
        { now, actor, keyring: ctx.keyring },
        {
          tenantId: tenant.id,
          action: "Create temporary access pass",
          targetType: "user",
          targetId: user.id,
          details: {
            upn: user.upn,
            startAt: new Date(issued.startAt).toISOString(),
            lifetimeMinutes,
            usableOnce,
          },
        },
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new VarcoError("temporary_access_pass_exists");
    throw error;
  }
  return issued;
}
