import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createKeyring, parseMasterKey } from "../../src/crypto/keyring.ts";
import { randomBytes } from "../../src/crypto/random.ts";
import { isVarcoError } from "../../src/errors/varco-error.ts";

describe("parseMasterKey", () => {
  const key = randomBytes(32);

  test("accepts base64, base64url (with or without padding) and hex of 32 bytes", () => {
    for (const text of [
      key.toString("base64"),
      key.toString("base64").replace(/=$/, ""),
      key.toString("base64url"),
      key.toString("hex"),
      key.toString("hex").toUpperCase(),
      `  ${key.toString("base64")}\n`,
    ]) {
      assert.deepEqual(parseMasterKey(text, "VARCO_MASTER_KEY"), key, text);
    }
  });

  test("rejects anything else with a message naming the source and not the value", () => {
    const bad = [
      "",
      "changeme",
      randomBytes(31).toString("base64"),
      randomBytes(33).toString("base64"),
      randomBytes(16).toString("hex"),
      `${key.toString("hex")}00`,
      key.toString("hex").slice(1),
      `${key.toString("base64").slice(0, 20)}!${key.toString("base64").slice(21)}`,
      `${key.toString("base64").slice(0, 20)} ${key.toString("base64").slice(20)}`,
    ];
    for (const text of bad) {
      assert.throws(
        () => parseMasterKey(text, "VARCO_MASTER_KEY"),
        (error: unknown) => {
          assert.ok(isVarcoError(error, "invalid_master_key"));
          assert.match(error.message, /VARCO_MASTER_KEY must be 32 bytes in base64 or hex/);
          if (text.trim() !== "") assert.ok(!error.message.includes(text.trim()));
          return true;
        },
        text,
      );
    }
  });
});

describe("createKeyring", () => {
  test("names each key by an 8-hex-character id that does not reveal it", () => {
    const key = randomBytes(32);
    const keyring = createKeyring(key);
    assert.match(keyring.current.id, /^[0-9a-f]{8}$/);
    assert.ok(!key.toString("hex").includes(keyring.current.id));
    assert.equal(createKeyring(key).current.id, keyring.current.id);
    assert.notEqual(createKeyring(randomBytes(32)).current.id, keyring.current.id);
  });

  test("lists the current key first, then previous keys, found by id", () => {
    const [current, old1, old2] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const keyring = createKeyring(current, [old1, old2, current]);
    assert.deepEqual(
      keyring.all.map((k) => k.key),
      [current, old1, old2],
    );
    for (const k of keyring.all) assert.equal(keyring.byId(k.id), k);
    assert.equal(keyring.byId("00000000"), undefined);
  });

  test("keeps its own copy of the keys", () => {
    const key = randomBytes(32);
    const copy = Buffer.from(key);
    const keyring = createKeyring(key);
    key.fill(0);
    assert.deepEqual(keyring.current.key, copy);
  });

  test("rejects keys that are not 32 bytes", () => {
    assert.throws(
      () => createKeyring(randomBytes(16)),
      (e) => isVarcoError(e, "invalid_master_key"),
    );
    assert.throws(
      () => createKeyring(randomBytes(32), [randomBytes(31)]),
      (e) => isVarcoError(e, "invalid_master_key"),
    );
  });
});
