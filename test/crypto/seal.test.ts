import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createKeyring } from "../../src/crypto/keyring.ts";
import { randomBytes } from "../../src/crypto/random.ts";
import { openSealed, seal } from "../../src/crypto/seal.ts";

describe("seal", () => {
  const keyring = createKeyring(randomBytes(32));
  const seed = Buffer.from("JBSWY3DPEHPK3PXP-secret-seed");

  test("opens what it sealed, with the same context", () => {
    const sealed = seal(keyring, seed, "method:1:seed");
    assert.deepEqual(openSealed(keyring, sealed, "method:1:seed"), seed);
  });

  test("round trips empty and binary plaintexts", () => {
    for (const plaintext of [Buffer.alloc(0), randomBytes(1), randomBytes(1000)]) {
      assert.deepEqual(openSealed(keyring, seal(keyring, plaintext, "c"), "c"), plaintext);
    }
  });

  test("has the form v1.<keyId>.<iv>.<ciphertext+tag> with a 12-byte IV", () => {
    const sealed = seal(keyring, seed, "ctx");
    const [version, keyId, iv, body, ...rest] = sealed.split(".");
    assert.equal(version, "v1");
    assert.equal(keyId, keyring.current.id);
    assert.equal(Buffer.from(iv ?? "", "base64url").length, 12);
    assert.equal(Buffer.from(body ?? "", "base64url").length, seed.length + 16);
    assert.deepEqual(rest, []);
    assert.match(sealed, /^[A-Za-z0-9_.-]+$/);
  });

  test("does not show the plaintext in any common encoding", () => {
    const sealed = seal(keyring, seed, "ctx");
    for (const encoding of ["utf8", "hex", "base64", "base64url"] as const) {
      assert.ok(!sealed.includes(seed.toString(encoding)), encoding);
    }
    const decoded = Buffer.concat(sealed.split(".").map((part) => Buffer.from(part, "base64url")));
    assert.equal(decoded.indexOf(seed), -1);
  });

  test("uses a fresh IV each time, so sealing the same value twice differs", () => {
    const a = seal(keyring, seed, "ctx");
    const b = seal(keyring, seed, "ctx");
    assert.notEqual(a, b);
    assert.notEqual(a.split(".")[2], b.split(".")[2]);
  });
});
