import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { keyedHash, keyedHashCandidates } from "../../src/crypto/keyed-hash.ts";
import { createKeyring } from "../../src/crypto/keyring.ts";
import { randomBytes } from "../../src/crypto/random.ts";

describe("keyedHash", () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const before = createKeyring(oldKey);
  const after = createKeyring(newKey, [oldKey]);
  const code = "8273-1947";

  test("is stable for the same key and value, so it can be looked up", () => {
    assert.equal(keyedHash(before, code), keyedHash(createKeyring(oldKey), code));
    assert.match(keyedHash(before, code), /^[0-9a-f]{8}\.[A-Za-z0-9_-]{43}$/);
    assert.ok(keyedHash(before, code).startsWith(`${before.current.id}.`));
  });

  test("differs per value and per key, and does not contain the value", () => {
    assert.notEqual(keyedHash(before, code), keyedHash(before, "8273-1948"));
    assert.notEqual(keyedHash(before, code), keyedHash(after, code));
    assert.ok(!keyedHash(before, code).includes(code));
  });

  test("candidates cover every key in the ring, current first", () => {
    const stored = keyedHash(before, code);
    const candidates = keyedHashCandidates(after, code);
    assert.deepEqual(candidates, [keyedHash(after, code), stored]);
    assert.deepEqual(keyedHashCandidates(before, code), [stored]);
  });
});
