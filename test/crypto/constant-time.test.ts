import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { constantTimeEqual } from "../../src/crypto/constant-time.ts";

describe("constantTimeEqual", () => {
  test("equal strings and byte arrays are equal", () => {
    assert.equal(constantTimeEqual("123456", "123456"), true);
    assert.equal(constantTimeEqual("", ""), true);
    assert.equal(constantTimeEqual(Buffer.from([1, 2, 3]), new Uint8Array([1, 2, 3])), true);
    assert.equal(constantTimeEqual("abc", Buffer.from("abc")), true);
  });

  test("different values of the same length are not equal", () => {
    assert.equal(constantTimeEqual("123456", "123457"), false);
    assert.equal(constantTimeEqual(new Uint8Array([0]), new Uint8Array([1])), false);
  });

  test("different lengths are not equal, including a prefix and the empty value", () => {
    assert.equal(constantTimeEqual("12345", "123456"), false);
    assert.equal(constantTimeEqual("123456", "1234567"), false);
    assert.equal(constantTimeEqual("", "a"), false);
    assert.equal(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0])), false);
  });
});
