import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openApp } from "../../src/app/open-app.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { enrolSoftwareOath } from "../../src/methods/software-oath/enrol.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/databases.ts";
import { testActor } from "../support/test-app.ts";

// A valid but wrong VARCO_MASTER_KEY against an existing database started, said ready,
// and failed at the first code ("impossible to decrypt"). It now refuses to start, naming the key.

const newKey = () => randomBytes(32).toString("base64");

for (const kind of databaseKinds) {
  describe(`the master key is checked at start, on ${kind}`, () => {
    let database: TestDatabase;
    let dataDir: string;
    const keyA = newKey();
    const keyB = newKey();
    const open = (env: Record<string, string>) =>
      openApp(
        loadConfig({ VARCO_DATA_DIR: dataDir, VARCO_DATABASE_URL: database.url, ...env }),
      ).then(async (app) => {
        await app.close();
        return app.ctx.keyring.current.id;
      });
    const refused = async (env: Record<string, string>, source: string) => {
      await assert.rejects(open(env), (error: unknown) => {
        assert.ok(isVarcoError(error, "invalid_master_key"), String(error));
        assert.ok(error.message.includes(`${source} is not a master key of this database`));
        for (const value of Object.values(env)) assert.ok(!error.message.includes(value));
        return true;
      });
    };

    before(async () => {
      database = await createTestDatabase(kind);
      dataDir = await mkdtemp(join(tmpdir(), "varco-key-check-"));
    });
    after(async () => {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    test("the key a database was created with opens it again", async () => {
      const id = await open({ VARCO_MASTER_KEY: keyA });
      assert.equal(await open({ VARCO_MASTER_KEY: keyA }), id);
    });

    test("another valid key is refused, naming VARCO_MASTER_KEY and both key ids", async () => {
      const idA = await open({ VARCO_MASTER_KEY: keyA });
      await assert.rejects(open({ VARCO_MASTER_KEY: keyB }), (error: unknown) => {
        assert.ok(isVarcoError(error, "invalid_master_key"));
        assert.match(error.message, /VARCO_MASTER_KEY is not a master key of this database/);
        assert.ok(error.message.includes(`sealed under key id ${idA}`), error.message);
        assert.match(error.message, /VARCO_PREVIOUS_MASTER_KEYS/);
        assert.ok(!error.message.includes(keyB) && !error.message.includes(keyA));
        return true;
      });
    });

    test("a rotation: the new key with the old one among the previous keys starts, and is then known", async () => {
      const idB = await open({ VARCO_MASTER_KEY: keyB, VARCO_PREVIOUS_MASTER_KEYS: keyA });
      // Both keys have now sealed here: either opens the database on its own.
      assert.equal(await open({ VARCO_MASTER_KEY: keyB }), idB);
      await open({ VARCO_MASTER_KEY: keyA });
      await refused({ VARCO_MASTER_KEY: newKey() }, "VARCO_MASTER_KEY");
    });

    test("a second data folder whose new key file is not the database's key is refused, naming the file", async () => {
      const otherDir = await mkdtemp(join(tmpdir(), "varco-key-check-other-"));
      try {
        const source = `the key file ${join(otherDir, "master.key")}`;
        await assert.rejects(
          openApp(loadConfig({ VARCO_DATA_DIR: otherDir, VARCO_DATABASE_URL: database.url })),
          (error: unknown) =>
            isVarcoError(error, "invalid_master_key") &&
            error.message.includes(`${source} is not a master key of this database`),
        );
      } finally {
        await rm(otherDir, { recursive: true, force: true });
      }
    });
  });

  describe(`a database from before the key check, on ${kind}`, () => {
    test("a sealed seed names the key: a wrong one is refused, the right one starts", async () => {
      const database = await createTestDatabase(kind);
      const dataDir = await mkdtemp(join(tmpdir(), "varco-key-check-old-"));
      const key = newKey();
      const config = (masterKey: string) =>
        loadConfig({
          VARCO_DATA_DIR: dataDir,
          VARCO_DATABASE_URL: database.url,
          VARCO_MASTER_KEY: masterKey,
        });
      try {
        const app = await openApp(config(key));
        const tenant = await findTenant(app.ctx);
        const user = await createUser(app.ctx, testActor, tenant, { upn: "anna@school.it" });
        await enrolSoftwareOath(app.ctx, testActor, tenant, user, {});
        // As it was before the migration that added the checks.
        await app.ctx.store.db.deleteFrom("master_key_checks").execute();
        await app.close();
        await assert.rejects(openApp(config(newKey())), (error: unknown) =>
          isVarcoError(error, "invalid_master_key"),
        );
        const again = await openApp(config(key));
        const checks = await again.ctx.store.db
          .selectFrom("master_key_checks")
          .select("key_id")
          .execute();
        await again.close();
        assert.deepEqual(
          checks.map((check) => check.key_id),
          [again.ctx.keyring.current.id],
        );
      } finally {
        await database.drop();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}
