import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { randomBytes, randomToken } from "../../src/crypto/random.ts";

describe("random", () => {
  test("randomBytes gives the requested number of bytes, different each time", () => {
    const a = randomBytes(32);
    assert.equal(a.length, 32);
    assert.notDeepEqual(a, randomBytes(32));
  });

  test("randomToken is base64url without padding, 32 bytes by default", () => {
    const token = randomToken();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, "base64url").length, 32);
    assert.match(randomToken(16), /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(randomToken(), token);
  });
});
