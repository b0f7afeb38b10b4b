import type { AuthMethod, MethodKind, MethodState } from "../../methods/types.ts";
import { oathKinds } from "../../methods/types.ts";
import type { OtpAlgorithm, OtpDigits, OtpPeriod } from "../../otp/algorithms.ts";
import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { AuthMethodsTable } from "../schema.ts";
import type { WriteBatch } from "../write-batch.ts";

export async function insertMethod(db: Db, row: AuthMethodsTable): Promise<void> {
  await db.insertInto("auth_methods").values(row).execute();
}

export async function listMethods(db: Db, userId: string): Promise<AuthMethod[]> {
  const rows = await db
    .selectFrom("auth_methods")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toMethod);
}

export async function findMethod(
  db: Db,
  userId: string,
  methodId: string,
): Promise<AuthMethod | undefined> {
  const row = await db
    .selectFrom("auth_methods")
    .selectAll()
    .where("user_id", "=", userId)
    .where("id", "=", methodId)
    .executeTakeFirst();
  return row && toMethod(row);
}

export async function countOathMethods(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom("auth_methods")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("user_id", "=", userId)
    .where("kind", "in", oathKinds)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function deleteMethod(db: Db, userId: string, methodId: string): Promise<boolean> {
  const result = await db
    .deleteFrom("auth_methods")
    .where("user_id", "=", userId)
    .where("id", "=", methodId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The sealed secret and state of one OATH method, for verifying a code. */
export type OathSecretRow = {
  readonly id: string;
  readonly label: string;
  readonly failedAttempts: number;
  readonly kind: MethodKind;
  readonly state: MethodState;
  readonly isDefault: boolean;
  readonly secretSealed: string;
  readonly algorithm: OtpAlgorithm;
  readonly digits: OtpDigits;
  readonly period: OtpPeriod;
  /** The newest time step accepted (TOTP), or the last counter used (HOTP). */
  readonly lastStep: number | null;
  readonly oathType: "totp" | "hotp";
};

export async function findOathSecret(
  db: Db,
  userId: string,
  methodId: string,
): Promise<OathSecretRow | undefined> {
  const row = await db
    .selectFrom("auth_methods")
    .selectAll()
    .where("user_id", "=", userId)
    .where("id", "=", methodId)
    .where("kind", "in", oathKinds)
    .executeTakeFirst();
  return row ? toOathSecret(row) : undefined;
}

const selectUserWithActiveOath = preparedQuery((db, args: { tenantId: string; upnKey: string }) =>
  db
    .selectFrom("users as u")
    .leftJoin("auth_methods as m", (join) =>
      join
        .onRef("m.user_id", "=", "u.id")
        .on("m.state", "=", "active")
        .on("m.kind", "in", oathKinds),
    )
    .select([
      "u.id as user_id",
      "u.blocked",
      "u.blocked_until",
      "m.id",
      "m.label",
      "m.failed_attempts",
      "m.kind",
      "m.state",
      "m.is_default",
      "m.secret_sealed",
      "m.algorithm",
      "m.digits",
      "m.period",
      "m.last_step",
      "m.oath_type",
    ])
    .where("u.tenant_id", "=", args.tenantId)
    .where("u.upn_key", "=", args.upnKey)
    .orderBy("m.is_default", "desc")
    .orderBy("m.created_at"),
);

/**
 * The hot path's one read: a user and their active OATH methods, by UPN. An unknown user gives
 * undefined; a user without methods gives an empty list.
 */
export async function findUserWithActiveOath(
  db: Db,
  tenantId: string,
  upnKey: string,
): Promise<
  | { userId: string; blocked: boolean; blockedUntil: number | null; methods: OathSecretRow[] }
  | undefined
> {
  const { rows } = await selectUserWithActiveOath(db, { tenantId, upnKey });
  const first = rows[0];
  if (!first) return undefined;
  const methods = rows.flatMap((row) =>
    row.id === null ? [] : [toOathSecret(row as unknown as AuthMethodsTable)],
  );
  return {
    userId: first.user_id,
    blocked: first.blocked === 1,
    blockedUntil: first.blocked_until == null ? null : Number(first.blocked_until),
    methods,
  };
}

const selectActiveOathSecrets = preparedQuery((db, args: { userId: string }) =>
  db
    .selectFrom("auth_methods")
    .selectAll()
    .where("user_id", "=", args.userId)
    .where("state", "=", "active")
    .where("kind", "in", oathKinds)
    .orderBy("is_default", "desc")
    .orderBy("created_at"),
);

/** A user's active OATH methods with their sealed seeds, the default first. */
export async function listActiveOathSecrets(db: Db, userId: string): Promise<OathSecretRow[]> {
  const { rows } = await selectActiveOathSecrets(db, { userId });
  return rows.map(toOathSecret);
}

const updateClaimStep = preparedQuery((db, args: { id: string; step: number; now: number }) =>
  db
    .updateTable("auth_methods")
    .set({ last_step: args.step, last_used_at: args.now, failed_attempts: 0 })
    .where("id", "=", args.id)
    .where("state", "=", "active")
    .where((eb) => eb.or([eb("last_step", "is", null), eb("last_step", "<", args.step)])),
);

/**
 * Single use (DESIGN invariant 1): accepts `step` only if it is newer than every step accepted
 * before, in one conditional write. Of two requests with the same code, exactly one sees true.
 */
export async function claimOathStep(
  db: Db,
  methodId: string,
  step: number,
  now: number,
): Promise<boolean> {
  return (await updateClaimStep(db, { id: methodId, step, now })).changed > 0;
}

const selectLastStep = preparedQuery((db, args: { id: string }) =>
  db.selectFrom("auth_methods").select("last_step").where("id", "=", args.id),
);

/** The step (TOTP) or counter (HOTP) a method accepted last, as stored now. */
export async function readLastStep(db: Db, methodId: string): Promise<number | null> {
  const step = (await selectLastStep(db, { id: methodId })).rows[0]?.last_step;
  return step == null ? null : Number(step);
}

/** Turns a pending method active with its first accepted step; false if it was not pending. */
export async function activatePendingMethod(
  db: Db,
  methodId: string,
  step: number,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable("auth_methods")
    .set({ state: "active", last_step: step, last_used_at: now, failed_attempts: 0 })
    .where("id", "=", methodId)
    .where("state", "=", "pending")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

const updateFailedAttempts = preparedQuery((db, args: { id: string }) =>
  db
    .updateTable("auth_methods")
    .set((eb) => ({ failed_attempts: eb("failed_attempts", "+", 1) }))
    .where("id", "=", args.id)
    .returning("failed_attempts"),
);

/**
 * Counts a failed attempt atomically in the store (invariant 2) and returns the new count; with
 * `later`, counts it at the batch's end and returns undefined.
 */
export async function incrementFailedAttempts(db: Db, methodId: string): Promise<number>;
export async function incrementFailedAttempts(
  db: Db,
  methodId: string,
  later: WriteBatch | undefined,
): Promise<number | undefined>;
export async function incrementFailedAttempts(
  db: Db,
  methodId: string,
  later?: WriteBatch,
): Promise<number | undefined> {
  if (later) {
    later.add(updateFailedAttempts, { id: methodId });
    return undefined;
  }
  const { rows } = await updateFailedAttempts(db, { id: methodId });
  return rows[0]?.failed_attempts ?? 0;
}

export async function setDefaultMethod(db: Db, userId: string, methodId: string): Promise<void> {
  await db
    .updateTable("auth_methods")
    .set((eb) => ({ is_default: eb.case().when("id", "=", methodId).then(1).else(0).end() }))
    .where("user_id", "=", userId)
    .execute();
}

function toMethod(row: AuthMethodsTable): AuthMethod {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind as MethodKind,
    label: row.label,
    state: row.state as MethodState,
    isDefault: row.is_default === 1,
    failedAttempts: row.failed_attempts,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    oath:
      row.algorithm && row.digits && row.period
        ? {
            algorithm: row.algorithm as OtpAlgorithm,
            digits: row.digits as OtpDigits,
            period: row.period as OtpPeriod,
          }
        : null,
  };
}

export function toOathSecret(row: AuthMethodsTable): OathSecretRow {
  return {
    id: row.id,
    label: row.label,
    failedAttempts: row.failed_attempts,
    kind: row.kind as MethodKind,
    state: row.state as MethodState,
    isDefault: row.is_default === 1,
    secretSealed: row.secret_sealed ?? "",
    algorithm: row.algorithm as OtpAlgorithm,
    digits: row.digits as OtpDigits,
    period: row.period as OtpPeriod,
    lastStep: row.last_step === null ? null : Number(row.last_step),
    oathType: row.oath_type === "hotp" ? "hotp" : "totp",
  };
}
