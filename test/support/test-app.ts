import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type App, openApp } from "../../src/app/open-app.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import type { Actor, Context } from "../../src/context.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import type { Tenant } from "../../src/directory/types.ts";
import { buildServer, type ServerOptions } from "../../src/http/build-server.ts";
import { createTestDatabase, type TestDatabase } from "./databases.ts";

/** A clock the test moves by hand. */
export type TestClock = { now: () => number; set(ms: number): void; advance(ms: number): void };

export function testClock(start = Date.UTC(2026, 10, 22, 9, 0, 0)): TestClock {
  let time = start;
  return { now: () => time, set: (ms) => (time = ms), advance: (ms) => (time += ms) };
}

export const testActor: Actor = { type: "cli", id: null, name: "test" };

export type TestApp = {
  readonly ctx: Context;
  readonly clock: TestClock;
  readonly database: TestDatabase;
  readonly dataDir: string;
  readonly tenant: Tenant;
  /** Another app (another "instance") on the same database and keys. */
  openSibling(): Promise<App>;
  close(): Promise<void>;
};

/** A whole Varco app on a fresh database of `kind`, with its own data folder and master key. */
export async function openTestApp(
  kind: "sqlite" | "postgres",
  options: { clock?: TestClock } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const dataDir = mkdtempSync(join(tmpdir(), "varco-data-"));
  const clock = options.clock ?? testClock();
  const config = loadConfig({ VARCO_DATA_DIR: dataDir, VARCO_DATABASE_URL: database.url });
  const app = await openApp(config, { now: clock.now });
  const siblings: App[] = [];
  return {
    ctx: app.ctx,
    clock,
    database,
    dataDir,
    tenant: await findTenant(app.ctx),
    async openSibling() {
      const sibling = await openApp(config, { now: clock.now });
      siblings.push(sibling);
      return sibling;
    },
    async close() {
      for (const sibling of siblings) await sibling.close();
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The HTTP server on `ctx`, quiet, checking every answer against its route's contract: an answer
 * that does not match becomes a 500 saying why, so every test of the API checks the contract.
 */
export function buildTestServer(ctx: Context, options: ServerOptions = {}) {
  return buildServer(ctx, {
    logLevel: "silent",
    checkResponses: true,
    ...options,
  });
}
