import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import { createTestDatabase, databaseKinds } from "../support/databases.ts";

const run = promisify(execFile);
const openStoreUrl = new URL("../../src/store/open-store.ts", import.meta.url).href;

// Regression: four processes starting together on a new
// database used to apply the first migration twice on SQLite and fail with "table exists".
for (const kind of databaseKinds) {
  describe(`migrations on ${kind}`, () => {
    test("processes migrating a new database at once: one applies, the others find it done", async () => {
      const database = await createTestDatabase(kind);
      try {
        const script = `
          const { openStore } = await import(${JSON.stringify(openStoreUrl)});
          const store = openStore({ databaseUrl: ${JSON.stringify(database.url)}, dataDir: "/nonexistent" });
          try { console.log(JSON.stringify(await store.migrate())); } finally { await store.close(); }`;
        const outputs = await Promise.all(
          Array.from({ length: 4 }, () =>
            run(process.execPath, ["--input-type=module", "-e", script]),
          ),
        );
        const applied = outputs.map(({ stdout }) => JSON.parse(stdout) as string[]);
        assert.deepEqual(
          applied.map((names) => names.length).sort(),
          [0, 0, 0, 1],
          JSON.stringify(applied),
        );
      } finally {
        await database.drop();
      }
    });
  });
}
