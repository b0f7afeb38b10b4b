import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import { migrations } from "../../src/store/migrations/index.ts";
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
        const appliers = applied.filter((names) => names.length > 0);
        assert.equal(appliers.length, 1, JSON.stringify(applied));
        assert.deepEqual(appliers[0], Object.keys(migrations));
      } finally {
        await database.drop();
      }
    });
  });
}
