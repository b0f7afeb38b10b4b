import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { otpAlgorithms, secretBytesFor } from "../../src/otp/algorithms.ts";
import {
  maxTotpWindow,
  parseOtpAlgorithm,
  parseOtpDigits,
  parseOtpPeriod,
  parseTotpWindow,
} from "../../src/otp/parameters.ts";
import { assertVarcoError } from "./assert-varco-error.ts";

describe("algorithms", () => {
  test("secrets are as long as each hash's output", () => {
    assert.deepEqual(otpAlgorithms, ["SHA1", "SHA256", "SHA512"]);
    assert.deepEqual(otpAlgorithms.map(secretBytesFor), [20, 32, 64]);
  });
});

describe("parseOtpAlgorithm", () => {
  test("accepts any case, with or without a hyphen", () => {
    for (const value of ["SHA1", "sha1", "Sha-1", "SHA-1"]) {
      assert.equal(parseOtpAlgorithm(value), "SHA1");
    }
    for (const value of ["SHA256", "sha256", "SHA-256", "sha-256"]) {
      assert.equal(parseOtpAlgorithm(value), "SHA256");
    }
    for (const value of ["SHA512", "sha512", "SHA-512"]) {
      assert.equal(parseOtpAlgorithm(value), "SHA512");
    }
  });

  test("refuses anything else and says what it got", () => {
    for (const value of ["MD5", "SHA384", "SHA_256", " SHA1", "SHA1 ", "", "SHA--1", "SHA3-256"]) {
      assertVarcoError(
        () => parseOtpAlgorithm(value),
        "invalid_otp_parameters",
        `algorithm ${JSON.stringify(value)} is not SHA1, SHA256 or SHA512`,
      );
    }
  });

  test("cuts a long value short in the detail", () => {
    assertVarcoError(
      () => parseOtpAlgorithm("x".repeat(1000)),
      "invalid_otp_parameters",
      `algorithm "${"x".repeat(40)}…" is not SHA1, SHA256 or SHA512`,
    );
  });
});

describe("parseOtpDigits and parseOtpPeriod", () => {
  test("accept 6 or 8 digits and 30 or 60 seconds, as numbers or decimal strings", () => {
    assert.equal(parseOtpDigits(6), 6);
    assert.equal(parseOtpDigits("8"), 8);
    assert.equal(parseOtpPeriod(30), 30);
    assert.equal(parseOtpPeriod("60"), 60);
  });

  test("refuse other values", () => {
    for (const value of [7, 0, 10, 6.5, -6, "7", "6.0", " 6", "0x6", "", "six", Number.NaN]) {
      assertVarcoError(
        () => parseOtpDigits(value),
        "invalid_otp_parameters",
        /^digits .* is not 6 or 8$/,
      );
    }
    assertVarcoError(
      () => parseOtpDigits("7"),
      "invalid_otp_parameters",
      'digits "7" is not 6 or 8',
    );
    for (const value of [15, 45, 120, 30.5, "90", "30s", ""]) {
      assertVarcoError(
        () => parseOtpPeriod(value),
        "invalid_otp_parameters",
        /^period .* is not 30 or 60$/,
      );
    }
  });
});

describe("parseTotpWindow", () => {
  test("accepts whole numbers from 0 to 10", () => {
    assert.equal(maxTotpWindow, 10);
    for (let window = 0; window <= maxTotpWindow; window++) {
      assert.equal(parseTotpWindow(window), window);
      assert.equal(parseTotpWindow(String(window)), window);
    }
  });

  test("refuses negative, fractional and larger windows", () => {
    for (const value of [-1, 11, 1.5, 1e9, Number.POSITIVE_INFINITY, "11", "-1", "1.0", ""]) {
      assertVarcoError(
        () => parseTotpWindow(value),
        "invalid_otp_parameters",
        /^window .* is not a whole number from 0 to 10$/,
      );
    }
  });
});
