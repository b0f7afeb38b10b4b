import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { parseMasterKey } from "../../src/crypto/keyring.ts";
import { loadKeyring } from "../../src/crypto/load-keyring.ts";
import { randomBytes } from "../../src/crypto/random.ts";
import { isVarcoError } from "../../src/errors/varco-error.ts";

const posix = process.platform !== "win32";
let root: string;
let count = 0;
/** A data folder path that does not exist yet, nested to check recursive creation. */
const freshDataDir = () => join(root, `case-${++count}`, "data");

before(async () => {
  root = await mkdtemp(join(tmpdir(), "varco-crypto-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("loadKeyring with a key file", () => {
  test("creates the data folder and a 0600 key file on first start", async () => {
    const dataDir = freshDataDir();
    const loaded = await loadKeyring({ dataDir });
    assert.equal(loaded.createdKeyFile, true);
    assert.deepEqual(loaded.warnings, []);
    const path = join(dataDir, "master.key");
    const text = await readFile(path, "utf8");
    assert.match(text, /^[A-Za-z0-9+/]{43}=\n$/);
    assert.deepEqual(parseMasterKey(text, path), loaded.keyring.current.key);
    if (posix) assert.equal((await stat(path)).mode & 0o777, 0o600);
  });

  test("reuses the same key on the next start", async () => {
    const dataDir = freshDataDir();
    const first = await loadKeyring({ dataDir });
    const second = await loadKeyring({ dataDir });
    assert.equal(second.createdKeyFile, false);
    assert.equal(second.keyring.current.id, first.keyring.current.id);
    assert.deepEqual(second.keyring.current.key, first.keyring.current.key);
  });

  test("concurrent loads on an empty folder end with one key", async () => {
    const dataDir = freshDataDir();
    const loads = await Promise.all(Array.from({ length: 8 }, () => loadKeyring({ dataDir })));
    assert.equal(new Set(loads.map((l) => l.keyring.current.id)).size, 1);
    assert.equal(loads.filter((l) => l.createdKeyFile).length, 1);
    assert.deepEqual(await readdir(dataDir), ["master.key"]);
  });

  test("separate processes starting together end with one key", async () => {
    const dataDir = freshDataDir();
    const moduleUrl = pathToFileURL(join(import.meta.dirname, "../../src/crypto/load-keyring.ts"));
    const script = `const { loadKeyring } = await import(${JSON.stringify(moduleUrl.href)});
      const loaded = await loadKeyring({ dataDir: ${JSON.stringify(dataDir)} });
      console.log(JSON.stringify({ id: loaded.keyring.current.id, created: loaded.createdKeyFile }));`;
    const run = promisify(execFile);
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, ["--input-type=module", "--eval", script]),
      ),
    );
    const results = outputs.map((o) => JSON.parse(o.stdout) as { id: string; created: boolean });
    assert.equal(new Set(results.map((r) => r.id)).size, 1);
    assert.equal(results.filter((r) => r.created).length, 1);
  });

  test("refuses a key file group or others may read, naming it and the chmod that fixes it", {
    skip: !posix,
  }, async () => {
    const dataDir = freshDataDir();
    const first = await loadKeyring({ dataDir });
    const path = join(dataDir, "master.key");
    for (const mode of [0o644, 0o640, 0o604]) {
      await chmod(path, mode);
      await assert.rejects(loadKeyring({ dataDir }), (error: unknown) => {
        assert.ok(isVarcoError(error, "unsafe_file_mode"), String(error));
        assert.ok(error.message.includes(`${path} (the master key)`), error.message);
        assert.ok(error.message.includes(`run: chmod 600 ${path}`), error.message);
        return true;
      });
    }
    await chmod(path, 0o600);
    const loaded = await loadKeyring({ dataDir });
    assert.equal(loaded.keyring.current.id, first.keyring.current.id);
    assert.deepEqual(loaded.warnings, []);
  });

  test("accepts a key file written by hand, with or without a final newline", async () => {
    const key = randomBytes(32);
    for (const text of [key.toString("hex"), `${key.toString("base64url")}\r\n`]) {
      const dataDir = await mkdtemp(join(root, "hand-"));
      await writeFile(join(dataDir, "master.key"), text, { mode: 0o600 });
      const loaded = await loadKeyring({ dataDir });
      assert.deepEqual(loaded.keyring.current.key, key);
      assert.equal(loaded.createdKeyFile, false);
    }
  });

  test("refuses a damaged key file, naming the file and not its content", async () => {
    const dataDir = await mkdtemp(join(root, "bad-"));
    const content = randomBytes(24).toString("base64");
    await writeFile(join(dataDir, "master.key"), `${content}\n`, { mode: 0o600 });
    await assert.rejects(loadKeyring({ dataDir }), (error: unknown) => {
      assert.ok(isVarcoError(error, "invalid_master_key"));
      assert.ok(error.message.includes("master.key"));
      assert.ok(!error.message.includes(content));
      return true;
    });
  });
});

describe("loadKeyring with VARCO_MASTER_KEY", () => {
  const key = randomBytes(32);

  test("uses the given key and touches no file", async () => {
    const dataDir = freshDataDir();
    const loaded = await loadKeyring({ masterKey: key.toString("base64"), dataDir });
    assert.deepEqual(loaded.keyring.current.key, key);
    assert.equal(loaded.createdKeyFile, false);
    await assert.rejects(stat(dataDir), { code: "ENOENT" });
  });

  test("adds previous keys for rotation, current first", async () => {
    const old = randomBytes(32);
    const loaded = await loadKeyring({
      masterKey: key.toString("hex"),
      previousMasterKeys: [old.toString("base64url")],
      dataDir: freshDataDir(),
    });
    assert.deepEqual(
      loaded.keyring.all.map((k) => k.key),
      [key, old],
    );
  });

  test("previous keys also apply to a key file", async () => {
    const old = randomBytes(32);
    const loaded = await loadKeyring({
      previousMasterKeys: [old.toString("base64")],
      dataDir: freshDataDir(),
    });
    assert.equal(loaded.keyring.all.length, 2);
    assert.deepEqual(loaded.keyring.all[1]?.key, old);
  });

  test("rejects bad values with a message that names the variable, not the value", async () => {
    const values = ["changeme", randomBytes(16).toString("base64"), `${key.toString("hex")}ff`];
    for (const masterKey of values) {
      await assert.rejects(
        loadKeyring({ masterKey, dataDir: freshDataDir() }),
        (error: unknown) => {
          assert.ok(isVarcoError(error, "invalid_master_key"));
          assert.match(error.message, /VARCO_MASTER_KEY/);
          assert.ok(!error.message.includes(masterKey));
          return true;
        },
      );
    }
    await assert.rejects(
      loadKeyring({ masterKey: key.toString("hex"), previousMasterKeys: ["nope"], dataDir: root }),
      (error: unknown) =>
        isVarcoError(error, "invalid_master_key") &&
        /VARCO_PREVIOUS_MASTER_KEYS/.test(error.message) &&
        !error.message.includes("nope"),
    );
  });
});
