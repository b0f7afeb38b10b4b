import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { decodeBase32, encodeBase32, maxImportedSecretLength } from "../../src/otp/base32.ts";
import { assertVarcoError } from "./assert-varco-error.ts";

// RFC 4648 §10 test vectors.
const rfc4648 = [
  ["f", "MY======"],
  ["fo", "MZXQ===="],
  ["foo", "MZXW6==="],
  ["foob", "MZXW6YQ="],
  ["fooba", "MZXW6YTB"],
  ["foobar", "MZXW6YTBOI======"],
] as const;

describe("encodeBase32", () => {
  test("matches RFC 4648 with padding, and drops '=' by default", () => {
    for (const [plain, encoded] of rfc4648) {
      assert.equal(encodeBase32(Buffer.from(plain), { padding: true }), encoded);
      assert.equal(encodeBase32(Buffer.from(plain)), encoded.replaceAll("=", ""));
    }
    assert.equal(encodeBase32(new Uint8Array(0)), "");
  });

  test("round-trips every length from 1 to 80 bytes, padded or not", () => {
    for (let length = 1; length <= 80; length++) {
      const bytes = randomBytes(length);
      assert.deepEqual(decodeBase32(encodeBase32(bytes)), bytes);
      assert.deepEqual(decodeBase32(encodeBase32(bytes, { padding: true })), bytes);
    }
  });

  test("uses only upper-case letters and 2-7", () => {
    assert.match(encodeBase32(randomBytes(200)), /^[A-Z2-7]+$/);
  });
});

describe("decodeBase32", () => {
  test("reads RFC 4648 with and without padding", () => {
    for (const [plain, encoded] of rfc4648) {
      assert.equal(decodeBase32(encoded).toString(), plain);
      assert.equal(decodeBase32(encoded.replaceAll("=", "")).toString(), plain);
    }
  });

  test("ignores case and the spaces of keys shown in groups of four", () => {
    const expected = decodeBase32("JBSWY3DPEHPK3PXP");
    assert.deepEqual(decodeBase32("jbsw y3dp ehpk 3pxp"), expected);
    assert.deepEqual(decodeBase32("  JbSw  Y3Dp EHPK3PXP "), expected);
    assert.deepEqual(decodeBase32("MZXW 6YQ ="), Buffer.from("foob"));
  });

  test("tolerates non-zero bits after the last whole byte", () => {
    // 'Q' ends in bits 000 and 'R' in 001: both leave "foob".
    assert.equal(decodeBase32("MZXW6YR").toString(), "foob");
    assert.equal(decodeBase32("MY").toString(), decodeBase32("MZ").toString());
  });

  test("refuses empty input", () => {
    assertVarcoError(() => decodeBase32(""), "invalid_base32", "is empty");
    assertVarcoError(() => decodeBase32("    "), "invalid_base32", "is empty");
    assertVarcoError(() => decodeBase32("========"), "invalid_base32", "has only padding");
  });

  test("names a character outside the alphabet and its position, counted from 1", () => {
    assertVarcoError(
      () => decodeBase32("JBS1Y3DP"),
      "invalid_base32",
      "character '1' at position 4 is not in the Base32 alphabet",
    );
    assertVarcoError(
      () => decodeBase32("JBSW 0000"),
      "invalid_base32",
      "character '0' at position 6 is not in the Base32 alphabet",
    );
    assertVarcoError(
      () => decodeBase32("JBSW\u00a0Y3DP"),
      "invalid_base32",
      "character U+00A0 at position 5 is not in the Base32 alphabet",
    );
    assertVarcoError(
      () => decodeBase32("JBSW\tY3DP"),
      "invalid_base32",
      "character U+0009 at position 5 is not in the Base32 alphabet",
    );
    assertVarcoError(
      () => decodeBase32("ÉBSWY3DP"),
      "invalid_base32",
      "character U+00C9 at position 1 is not in the Base32 alphabet",
    );
    assertVarcoError(
      () => decodeBase32("JB-SW"),
      "invalid_base32",
      "character '-' at position 3 is not in the Base32 alphabet",
    );
  });

  test("refuses data after padding", () => {
    assertVarcoError(
      () => decodeBase32("MY======MY======"),
      "invalid_base32",
      "character 'M' at position 9 comes after '=' padding",
    );
  });

  test("refuses padding of the wrong length", () => {
    assertVarcoError(
      () => decodeBase32("MY===="),
      "invalid_base32",
      "2 characters need 6 '=' of padding, not 4",
    );
    assertVarcoError(
      () => decodeBase32("MZXW6YTB="),
      "invalid_base32",
      "8 characters need 0 '=' of padding, not 1",
    );
  });

  test("refuses lengths no number of bytes encodes to (1, 3 or 6 past a group of 8)", () => {
    for (const text of ["M", "MZX", "MZXW6Y", "MZXW6YTBM"]) {
      assertVarcoError(
        () => decodeBase32(text),
        "invalid_base32",
        `${text.length} characters cannot be Base32: no whole number of bytes fits`,
      );
    }
  });

  test("maxLength counts characters without spaces or padding", () => {
    const atLimit = "A".repeat(maxImportedSecretLength);
    assert.equal(decodeBase32(atLimit, { maxLength: maxImportedSecretLength }).length, 80);
    const grouped = `${atLimit.match(/.{4}/g)?.join(" ")}`;
    assert.equal(decodeBase32(grouped, { maxLength: maxImportedSecretLength }).length, 80);
    assert.equal(decodeBase32("MY======", { maxLength: 2 }).toString(), "f");
    assertVarcoError(
      () => decodeBase32(`${atLimit}AAAAAAAA`, { maxLength: maxImportedSecretLength }),
      "invalid_base32",
      "longer than 128 characters",
    );
    assertVarcoError(
      () => decodeBase32("MZXQ", { maxLength: 3 }),
      "invalid_base32",
      "longer than 3 characters",
    );
  });
});
