import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  dummyPasswordHash,
  hashPassword,
  passwordHashParameters,
  verifyPassword,
} from "../../src/crypto/password.ts";

const phcPrefix = "$argon2id$v=19$m=19456,t=2,p=1$";

describe("password hashing", () => {
  test("uses argon2id at the OWASP parameters", async () => {
    assert.deepEqual(
      { ...passwordHashParameters },
      { memoryCost: 19456, timeCost: 2, parallelism: 1 },
    );
    const hash = await hashPassword("correct horse battery staple");
    assert.ok(hash.startsWith(phcPrefix), hash);
    assert.ok(!hash.includes("correct horse"));
  });

  test("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same"), hashPassword("same")]);
    assert.notEqual(a, b);
  });

  test("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("Pässwort-ünicode ✓");
    assert.equal(await verifyPassword(hash, "Pässwort-ünicode ✓"), true);
    assert.equal(await verifyPassword(hash, "Pässwort-ünicode"), false);
    assert.equal(await verifyPassword(hash, ""), false);
  });

  test("a malformed hash verifies false instead of throwing", async () => {
    for (const hash of ["", "not a hash", "$argon2id$v=19$m=19456,t=2,p=1$", "$2b$10$abc"]) {
      assert.equal(await verifyPassword(hash, "anything"), false, hash);
    }
  });

  test("the event loop keeps running while 4 hashes are in flight", async () => {
    const events: string[] = [];
    const hashes = [1, 2, 3, 4].map((n) =>
      hashPassword(`password ${n}`).then(() => {
        events.push("hash");
      }),
    );
    await new Promise<void>((resolve) => {
      setImmediate(() => {
        events.push("tick");
        resolve();
      });
    });
    await Promise.all(hashes);
    assert.deepEqual(events, ["tick", "hash", "hash", "hash", "hash"]);
  });

  test("dummyPasswordHash is one real argon2id hash that no guess matches", async () => {
    const [a, b] = await Promise.all([dummyPasswordHash(), dummyPasswordHash()]);
    assert.equal(a, b);
    assert.equal(await dummyPasswordHash(), a);
    assert.ok(a.startsWith(phcPrefix));
    assert.equal(await verifyPassword(a, ""), false);
    assert.equal(await verifyPassword(a, "password"), false);
  });
});
