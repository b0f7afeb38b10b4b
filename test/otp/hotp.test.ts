import assert from "node:assert/strict";
import { createSecretKey, generateKeyPairSync } from "node:crypto";
import { describe, test } from "node:test";
import type { OtpAlgorithm, OtpDigits } from "../../src/otp/algorithms.ts";
import { generateHotp } from "../../src/otp/hotp.ts";
import { assertVarcoError } from "./assert-varco-error.ts";

const key = Buffer.from("12345678901234567890");
const options = { algorithm: "SHA1", digits: 6 } as const;

describe("generateHotp", () => {
  test("zero-pads to 6 or 8 digits", () => {
    // RFC 4226 counter 7 truncates to 82162583: the last 6 or the last 8 digits.
    assert.equal(generateHotp(key, 7, options), "162583");
    assert.equal(generateHotp(key, 7, { ...options, digits: 8 }), "82162583");
    // RFC 6238's SHA1 code at 1111111109 s (step 37037036) starts with a zero.
    assert.equal(generateHotp(key, 37_037_036, { ...options, digits: 8 }), "07081804");
    for (let counter = 0; counter < 200; counter++) {
      assert.match(generateHotp(key, counter, options), /^[0-9]{6}$/);
      assert.match(generateHotp(key, counter, { ...options, digits: 8 }), /^[0-9]{8}$/);
    }
  });

  test("accepts counters up to 2^53-1 (checked against oathtool in oathtool.test.ts)", () => {
    assert.match(generateHotp(key, Number.MAX_SAFE_INTEGER, options), /^[0-9]{6}$/);
    assert.notEqual(generateHotp(key, 2 ** 32, options), generateHotp(key, 0, options));
  });

  test("accepts any Uint8Array as the key, not only a Buffer, and a secret KeyObject", () => {
    assert.equal(generateHotp(new Uint8Array(key), 0, options), "755224");
    assert.equal(generateHotp(createSecretKey(key), 0, options), "755224");
  });

  test("refuses counters that are negative, fractional or beyond 2^53-1", () => {
    for (const counter of [-1, 1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY]) {
      assertVarcoError(
        () => generateHotp(key, counter, options),
        "invalid_otp_parameters",
        `counter ${counter} is not a whole number from 0 to 2^53-1`,
      );
    }
  });

  test("refuses an empty key and parameters that slipped past the types", () => {
    assertVarcoError(
      () => generateHotp(Buffer.alloc(0), 0, options),
      "invalid_otp_parameters",
      "key is empty or not bytes",
    );
    const { publicKey } = generateKeyPairSync("ed25519");
    assertVarcoError(
      () => generateHotp(publicKey, 0, options),
      "invalid_otp_parameters",
      "key is empty or not bytes",
    );
    assertVarcoError(
      () => generateHotp(key, 0, { ...options, digits: 7 as OtpDigits }),
      "invalid_otp_parameters",
      "digits 7 is not 6 or 8",
    );
    assertVarcoError(
      () => generateHotp(key, 0, { ...options, algorithm: "MD5" as OtpAlgorithm }),
      "invalid_otp_parameters",
      'algorithm "MD5" is not SHA1, SHA256 or SHA512',
    );
    assertVarcoError(
      () => generateHotp(key, 0, { ...options, algorithm: "toString" as OtpAlgorithm }),
      "invalid_otp_parameters",
      /^algorithm "toString"/,
    );
  });
});
