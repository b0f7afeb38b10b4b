import { CompiledQuery } from "kysely";
import type { Tenant, User } from "../../directory/types.ts";
import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { PendingSignInsTable, SignInLogTable } from "../schema.ts";
import { toTenant } from "./tenants.ts";
import { toUser } from "./users.ts";

/** A pending sign-in as stored: its facts as JSON (the sign-in machine reads them). */
export type PendingSignInRow = {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly factsJson: string;
  readonly version: number;
  readonly attempts: number;
  readonly expiresAt: number;
};

// Columns named one by one: the prepared query's stand-in arguments cannot be enumerated.
const insertPendingRow = preparedQuery((db, row: PendingSignInsTable) =>
  db.insertInto("pending_sign_ins").values({
    id: row.id,
    token_hash: row.token_hash,
    tenant_id: row.tenant_id,
    user_id: row.user_id,
    facts_json: row.facts_json,
    version: row.version,
    attempts: row.attempts,
    created_at: row.created_at,
    expires_at: row.expires_at,
    done_at: row.done_at,
  }),
);

export async function insertPendingSignIn(db: Db, row: PendingSignInsTable): Promise<void> {
  await insertPendingRow(db, row);
}

const livePending = (db: Db) =>
  db
    .selectFrom("pending_sign_ins as p")
    .innerJoin("tenants as t", "t.id", "p.tenant_id")
    .innerJoin("users as u", "u.id", "p.user_id")
    .selectAll("u")
    .select([
      "p.id as pending_id",
      "p.tenant_id as pending_tenant_id",
      "p.facts_json as pending_facts_json",
      "p.version as pending_version",
      "p.attempts as pending_attempts",
      "p.expires_at as pending_expires_at",
      "t.name as tenant_name",
      "t.display_name as tenant_display_name",
      "t.policy_json as tenant_policy_json",
      "t.created_at as tenant_created_at",
      "t.has_directory as tenant_has_directory",
    ])
    .where("p.done_at", "is", null);

const selectLivePending = preparedQuery((db, args: { hash: string; now: number }) =>
  livePending(db).where("p.token_hash", "=", args.hash).where("p.expires_at", ">", args.now),
);

const selectLivePendingById = preparedQuery((db, args: { id: string; now: number }) =>
  livePending(db).where("p.id", "=", args.id).where("p.expires_at", ">", args.now),
);

/**
 * The live pending sign-in whose token hashes to one of `hashes` (one per master key), with its
 * tenant and user, in one read; nothing when either is gone.
 */
export async function findLivePendingSignIn(
  db: Db,
  hashes: readonly string[],
  now: number,
): Promise<LivePending | undefined> {
  for (const hash of hashes) {
    const found = (await selectLivePending(db, { hash, now })).rows[0];
    if (found) return livePendingOf(found);
  }
  return undefined;
}

/** The live pending sign-in with this id (a provider's callback names it), as findLivePendingSignIn. */
export async function findLivePendingSignInById(
  db: Db,
  id: string,
  now: number,
): Promise<LivePending | undefined> {
  const found = (await selectLivePendingById(db, { id, now })).rows[0];
  return found && livePendingOf(found);
}

type LivePending = { row: PendingSignInRow; tenant: Tenant; user: User };

function livePendingOf(
  found: Awaited<ReturnType<typeof selectLivePending>>["rows"][number],
): LivePending {
  const {
    pending_id,
    pending_tenant_id,
    pending_facts_json,
    pending_version,
    pending_attempts,
    pending_expires_at,
    tenant_name,
    tenant_display_name,
    tenant_policy_json,
    tenant_created_at,
    tenant_has_directory,
    ...user
  } = found;
  return {
    row: {
      id: pending_id,
      tenantId: pending_tenant_id,
      userId: user.id,
      factsJson: pending_facts_json,
      version: Number(pending_version),
      attempts: Number(pending_attempts),
      expiresAt: Number(pending_expires_at),
    },
    tenant: toTenant({
      id: pending_tenant_id,
      name: tenant_name,
      display_name: tenant_display_name,
      policy_json: tenant_policy_json,
      created_at: tenant_created_at,
      has_directory: tenant_has_directory,
    }),
    user: toUser(user),
  };
}

const incrementPendingAttempts = preparedQuery((db, args: { id: string; max: number }) =>
  db
    .updateTable("pending_sign_ins")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("id", "=", args.id)
    .where("done_at", "is", null)
    .where("attempts", "<", args.max),
);

/**
 * Takes one attempt from a pending sign-in's own budget, before a code is checked: true while
 * fewer than `max` were taken, so no more than `max` codes are ever checked for it.
 */
export async function takePendingAttempt(db: Db, id: string, max: number): Promise<boolean> {
  return (await incrementPendingAttempts(db, { id, max })).changed > 0;
}

const updateFacts = preparedQuery((db, args: { id: string; version: number; factsJson: string }) =>
  db
    .updateTable("pending_sign_ins")
    .set((eb) => ({ facts_json: args.factsJson, version: eb("version", "+", 1) }))
    .where("id", "=", args.id)
    .where("version", "=", args.version)
    .where("done_at", "is", null),
);

/**
 * Writes new facts over the version they were derived from, in one conditional write: of two
 * events applied at once, the second finds the version moved on and writes nothing (false).
 */
export async function updatePendingFacts(
  db: Db,
  input: { id: string; version: number; factsJson: string },
): Promise<boolean> {
  return (await updateFacts(db, input)).changed > 0;
}

const markPendingDone = preparedQuery((db, args: { id: string; version: number; now: number }) =>
  db
    .updateTable("pending_sign_ins")
    .set({ done_at: args.now })
    .where("id", "=", args.id)
    .where("version", "=", args.version)
    .where("done_at", "is", null),
);

/**
 * Ends a pending sign-in once, and only from the version its ending was decided on: of two
 * requests finishing it together, one sees true.
 */
export async function finishPendingSignIn(
  db: Db,
  input: { id: string; version: number; now: number },
): Promise<boolean> {
  return (await markPendingDone(db, input)).changed > 0;
}

/**
 * Ends the user's live pending sign-ins that began with a password, but `except` (the sign-in
 * changing it): a new password takes back what the old one was proving. Returns how many.
 */
export async function endPasswordSignIns(
  db: Db,
  input: { userId: string; now: number; except?: string | undefined },
): Promise<number> {
  const live = await db
    .selectFrom("pending_sign_ins")
    .select(["id", "facts_json"])
    .where("user_id", "=", input.userId)
    .where("done_at", "is", null)
    .where("expires_at", ">", input.now)
    .execute();
  const ids = live
    .filter((row) => row.id !== input.except)
    .filter((row) => JSON.parse(row.facts_json).firstFactor?.kind === "password")
    .map((row) => row.id);
  if (ids.length === 0) return 0;
  await db
    .updateTable("pending_sign_ins")
    .set({ done_at: input.now })
    .where("id", "in", ids)
    .where("done_at", "is", null)
    .execute();
  return ids.length;
}

const signInLogColumns = [
  ["id", "text"],
  ["tenant_id", "text"],
  ["time", "bigint"],
  ["user_id", "text"],
  ["upn", "text"],
  ["client", "text"],
  ["ip", "text"],
  ["user_agent", "text"],
  ["result", "text"],
  ["reason", "text"],
  ["method_id", "text"],
  ["method_kind", "text"],
  ["correlation_id", "text"],
  ["mfa", "text"],
  ["first_factor", "text"],
] as const satisfies readonly (readonly [keyof SignInLogTable, string])[];

const factsWithLogSql = `with u as (
    update pending_sign_ins set facts_json = $1, version = version + 1
    where id = $2 and version = $3 and done_at is null returning id
  )
  insert into sign_in_log (${signInLogColumns.map(([name]) => name).join(", ")})
  select ${signInLogColumns.map(([, type], i) => `$${i + 4}::${type}`).join(", ")} from u`;

/**
 * updatePendingFacts and the sign-in log line of the same event in one statement, for
 * PostgreSQL, where it saves a transaction's four round trips: the line is written only with the
 * facts (false, nothing written, when another event moved the sign-in on first).
 */
export async function updatePendingFactsWithLog(
  db: Db,
  args: { id: string; version: number; factsJson: string },
  log: SignInLogTable,
): Promise<boolean> {
  const values = signInLogColumns.map(([name]) => log[name]);
  const result = await db.executeQuery(
    CompiledQuery.raw(factsWithLogSql, [args.factsJson, args.id, args.version, ...values]),
  );
  return Number(result.numAffectedRows ?? 0) === 1;
}
