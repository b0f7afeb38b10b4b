import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { generateHotp } from "../../src/otp/hotp.ts";
import { verifyHotp } from "../../src/otp/verify-hotp.ts";
import { assertVarcoError } from "./assert-varco-error.ts";
import { countHmacs } from "./count-hmacs.ts";

const key = Buffer.from("1234567890123456789012345678901234567890123456789012345678901234");
const algorithm = "SHA512";
const digits = 8;
const codeAt = (counter: number) => generateHotp(key, counter, { algorithm, digits });
const options = { counter: 40, lookAhead: 5, algorithm, digits } as const;

describe("verifyHotp", () => {
  test("accepts counter … counter + lookAhead and returns the counter that matched", () => {
    for (let counter = 40; counter <= 45; counter++) {
      assert.deepEqual(verifyHotp(key, codeAt(counter), options), { counter });
    }
  });

  test("refuses codes beyond the look-ahead", () => {
    assert.equal(verifyHotp(key, codeAt(46), options), null);
  });

  test("refuses codes of counters already used (below the stored counter)", () => {
    assert.equal(verifyHotp(key, codeAt(39), options), null);
    assert.equal(verifyHotp(key, codeAt(0), options), null);
  });

  test("lookAhead 0 accepts only the stored counter", () => {
    const exact = { ...options, lookAhead: 0 };
    assert.deepEqual(verifyHotp(key, codeAt(40), exact), { counter: 40 });
    assert.equal(verifyHotp(key, codeAt(41), exact), null);
  });

  test("stops at the first match and tries each counter once", () => {
    const code40 = codeAt(40);
    const code42 = codeAt(42);
    const code46 = codeAt(46);
    assert.equal(
      countHmacs(() => verifyHotp(key, code40, options)),
      1,
    );
    assert.equal(
      countHmacs(() => verifyHotp(key, code42, options)),
      3,
    );
    assert.equal(
      countHmacs(() => verifyHotp(key, code46, options)),
      6,
    );
  });

  test("returns null for malformed codes without computing an HMAC", () => {
    for (const code of ["", "1234567", "123456789", "1234567a", "+1234567", "1234 5678"]) {
      assert.equal(
        countHmacs(() => assert.equal(verifyHotp(key, code, options), null)),
        0,
      );
    }
  });

  test("works up to counter 2^53-1", () => {
    const last = Number.MAX_SAFE_INTEGER;
    assert.deepEqual(
      verifyHotp(key, codeAt(last), { ...options, counter: last - 1, lookAhead: 1 }),
      {
        counter: last,
      },
    );
  });

  test("refuses bad counters and look-aheads", () => {
    assertVarcoError(
      () => verifyHotp(key, "12345678", { ...options, counter: -1 }),
      "invalid_otp_parameters",
      "counter -1 is not a whole number from 0 to 2^53-1",
    );
    assertVarcoError(
      () => verifyHotp(key, "12345678", { ...options, lookAhead: 0.5 }),
      "invalid_otp_parameters",
      "lookAhead 0.5 is not a whole number from 0 to 2^53-1",
    );
    assertVarcoError(
      () => verifyHotp(key, "12345678", { ...options, counter: Number.MAX_SAFE_INTEGER }),
      "invalid_otp_parameters",
      "counter + lookAhead is beyond 2^53-1",
    );
  });
});
