import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createKeyring } from "../../src/crypto/keyring.ts";
import { randomBytes } from "../../src/crypto/random.ts";
import { openSealed, seal } from "../../src/crypto/seal.ts";
import { isVarcoError } from "../../src/errors/varco-error.ts";

describe("sealed data across a master key rotation", () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const before = createKeyring(oldKey);
  const after = createKeyring(newKey, [oldKey]);
  const seed = Buffer.from("seed sealed before the rotation");
  const sealedBefore = seal(before, seed, "method:1:seed");

  test("data sealed under the previous key still opens", () => {
    assert.deepEqual(openSealed(after, sealedBefore, "method:1:seed"), seed);
  });

  test("new seals use the new key", () => {
    const sealedAfter = seal(after, seed, "method:1:seed");
    assert.equal(sealedAfter.split(".")[1], after.current.id);
    assert.notEqual(after.current.id, before.current.id);
    assert.deepEqual(openSealed(after, sealedAfter, "method:1:seed"), seed);
    // A process still on the old key alone cannot open it: it names the missing key.
    assert.throws(
      () => openSealed(before, sealedAfter, "method:1:seed"),
      (e) => isVarcoError(e, "sealed_data_invalid") && /unknown key id/.test(e.detail ?? ""),
    );
  });

  test("once the previous key is dropped, its data no longer opens", () => {
    assert.throws(
      () => openSealed(createKeyring(newKey), sealedBefore, "method:1:seed"),
      (e) => isVarcoError(e, "sealed_data_invalid"),
    );
  });
});
