import { randomBytes, randomUUID } from "node:crypto";
import { join } from "node:path";
import { type Db, openStore, type Store } from "../src/store/open-store.ts";
import { claimOathStep } from "../src/store/queries/methods.ts";
import { claimOnce } from "../src/store/queries/single-use-claims.ts";
import { createTestDatabase } from "../test/support/databases.ts";
import { makeTempDir } from "./temp-dir.ts";
import { runConcurrently } from "./timing.ts";

export type ClaimFigures = {
  readonly database: "sqlite" | "postgres";
  /** Claims kept in flight at once. */
  readonly concurrency: number;
  readonly claimOathStepPerSecond: number;
  readonly claimOncePerSecond: number;
  /** Claims that should have won and did not (must be 0; a sign of a broken run otherwise). */
  readonly refused: number;
};

const methodCount = 1000;

/**
 * Single-use claims straight against the store, without HTTP: claimOathStep on `methodCount`
 * active methods, each claimed with ever newer steps (every claim wins), then claimOnce with
 * fresh keys, `concurrency` claims in flight. A claim counts once it is committed, as a request
 * waits for that before it answers: SQLite commits the claims of a turn of the event loop
 * together, PostgreSQL each on its own (a pool of 10 connections).
 */
export async function benchClaims(
  database: "sqlite" | "postgres",
  options: { ms: number; concurrency: number },
): Promise<ClaimFigures> {
  const tempDir = makeTempDir("varco-bench-claims-");
  const dataDir = tempDir.path;
  const testDatabase = database === "postgres" ? await createTestDatabase("postgres") : undefined;
  let store: Store | undefined;
  try {
    store = openStore({
      databaseUrl: testDatabase?.url ?? `sqlite:${join(dataDir, "claims.db")}`,
      dataDir,
      poolSize: 10,
    });
    await store.migrate();
    const methodIds = await insertMethods(store.db, methodCount);
    const db = store.db;
    const now = Date.now();
    // Claim n is method n mod count at step n div count + 1: every claim is newer than the last
    // on its method, so each must win.
    const committed = async (won: Promise<boolean>) => {
      const result = await won;
      await store?.settled();
      return result;
    };
    const claimStep = (n: number) =>
      committed(
        claimOathStep(
          db,
          methodIds[n % methodCount] as string,
          Math.floor(n / methodCount) + 1,
          now,
        ),
      );
    const prefix = randomBytes(4).toString("hex");
    const claimKey = (n: number) => committed(claimOnce(db, `bench:${prefix}:${n}`, now + 60_000));
    const { concurrency, ms } = options;

    const warmStep = await runConcurrently(claimStep, { concurrency, ms: ms / 5 });
    const step = await runConcurrently(claimStep, { concurrency, ms, first: warmStep.next });
    const warmOnce = await runConcurrently(claimKey, { concurrency, ms: ms / 5 });
    const once = await runConcurrently(claimKey, { concurrency, ms, first: warmOnce.next });
    const refused = [warmStep, step, warmOnce, once].reduce(
      (sum, r) => sum + r.done - r.succeeded,
      0,
    );
    return {
      database,
      concurrency,
      claimOathStepPerSecond: step.perSecond,
      claimOncePerSecond: once.perSecond,
      refused,
    };
  } finally {
    await store?.close();
    await testDatabase?.drop();
    tempDir.remove();
  }
}

/** A tenant, `count` users and one active TOTP method each; returns the method ids. */
async function insertMethods(db: Db, count: number): Promise<string[]> {
  const now = Date.now();
  const tenantId = randomUUID();
  await db
    .insertInto("tenants")
    .values({
      id: tenantId,
      name: "bench",
      display_name: "Bench",
      policy_json: "{}",
      created_at: now,
    })
    .execute();
  const methodIds: string[] = [];
  const batchSize = 200;
  for (let first = 0; first < count; first += batchSize) {
    const users = Array.from({ length: Math.min(batchSize, count - first) }, (_, offset) => {
      const upn = `user${first + offset}@bench.example`;
      return {
        id: randomUUID(),
        tenant_id: tenantId,
        upn,
        upn_key: upn,
        display_name: upn,
        password_hash: null,
        blocked: 0,
        blocked_reason: null,
        created_at: now,
        last_sign_in_at: null,
      };
    });
    const methods = users.map((user) => ({
      id: randomUUID(),
      tenant_id: tenantId,
      user_id: user.id,
      kind: "softwareOath",
      label: "Authenticator",
      state: "active",
      is_default: 1,
      // Never opened here: claimOathStep does not read the seed.
      secret_sealed: "unused",
      algorithm: "SHA1",
      digits: 6,
      period: 30,
      last_step: null,
      failed_attempts: 0,
      created_at: now,
      last_used_at: null,
    }));
    await db.insertInto("users").values(users).execute();
    await db.insertInto("auth_methods").values(methods).execute();
    methodIds.push(...methods.map((m) => m.id));
  }
  return methodIds;
}
