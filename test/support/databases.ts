import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** The PostgreSQL server the tests use; each test file gets a database of its own on it. */
export const postgresAdminUrl =
  process.env.VARCO_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export type TestDatabase = {
  readonly kind: "sqlite" | "postgres";
  readonly url: string;
  drop(): Promise<void>;
};

export const databaseKinds = ["sqlite", "postgres"] as const;

/** A new empty database of `kind`: a SQLite file in a temp folder, or a fresh PostgreSQL database. */
export async function createTestDatabase(kind: "sqlite" | "postgres"): Promise<TestDatabase> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "varco-db-"));
    return {
      kind,
      url: `sqlite:${join(dir, "varco.db")}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `varco_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
