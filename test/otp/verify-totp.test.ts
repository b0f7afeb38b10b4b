import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { OtpDigits } from "../../src/otp/algorithms.ts";
import { generateHotp } from "../../src/otp/hotp.ts";
import { generateTotp } from "../../src/otp/totp.ts";
import { verifyTotp } from "../../src/otp/verify-totp.ts";
import { assertVarcoError } from "./assert-varco-error.ts";
import { countHmacs } from "./count-hmacs.ts";

const key = Buffer.from("12345678901234567890123456789012");
const period = 30;
const step = 56_666_666;
const now = step * period * 1000 + 12_345; // somewhere inside `step`
const options = { timeMs: now, period, algorithm: "SHA256", digits: 6, window: 2 } as const;

function codeAt(someStep: number, digits: OtpDigits = 6): string {
  return generateHotp(key, someStep, { algorithm: "SHA256", digits });
}

describe("verifyTotp", () => {
  test("accepts the codes of every step within ±window and returns that step", () => {
    for (let offset = -2; offset <= 2; offset++) {
      assert.deepEqual(verifyTotp(key, codeAt(step + offset), options), { step: step + offset });
    }
  });

  test("refuses codes just outside the window", () => {
    assert.equal(verifyTotp(key, codeAt(step - 3), options), null);
    assert.equal(verifyTotp(key, codeAt(step + 3), options), null);
  });

  test("window 0 accepts only the current step", () => {
    const exact = { ...options, window: 0 };
    assert.deepEqual(verifyTotp(key, codeAt(step), exact), { step });
    assert.equal(verifyTotp(key, codeAt(step - 1), exact), null);
    assert.equal(verifyTotp(key, codeAt(step + 1), exact), null);
  });

  test("accepts the code generateTotp gives, 8 digits and 60 s too", () => {
    const other = { ...options, digits: 8, period: 60, algorithm: "SHA512" } as const;
    assert.deepEqual(verifyTotp(key, generateTotp(key, other), other), {
      step: Math.floor(now / 60_000),
    });
  });

  test("a code from another key is refused", () => {
    const otherKey = Buffer.from("another key, another code........");
    assert.equal(verifyTotp(otherKey, codeAt(step), options), null);
  });

  test("returns null for malformed codes without computing an HMAC", () => {
    const good = codeAt(step);
    const malformed = [
      "",
      good.slice(0, 5),
      `${good}0`,
      `${good.slice(0, 5)}a`,
      ` ${good.slice(0, 5)}`,
      `${good.slice(0, 3)} ${good.slice(3, 5)}`,
      "１２３４５６", // full-width digits are 6 characters but not ASCII
      "12345\u0000",
      codeAt(step, 8), // 8 digits where 6 are expected
    ];
    for (const code of malformed) {
      assert.equal(
        countHmacs(() => assert.equal(verifyTotp(key, code, options), null)),
        0,
        code,
      );
    }
    assert.equal(
      countHmacs(() => verifyTotp(key, 123456 as unknown as string, options)),
      0,
    );
  });

  test("a code of the current step costs one HMAC; a wrong code costs 2 × window + 1", () => {
    const current = codeAt(step);
    assert.equal(
      countHmacs(() => verifyTotp(key, current, options)),
      1,
    );
    const wrong = ["000000", "999999"].find((code) => verifyTotp(key, code, options) === null);
    assert.ok(wrong);
    assert.equal(
      countHmacs(() => verifyTotp(key, wrong, options)),
      5,
    );
    assert.equal(
      countHmacs(() => verifyTotp(key, wrong, { ...options, window: 10 })),
      21,
    );
  });

  test("skips steps before 1970 in the first periods", () => {
    const early = { ...options, timeMs: 1_000, window: 3 };
    assert.deepEqual(verifyTotp(key, codeAt(0), early), { step: 0 });
    assert.deepEqual(verifyTotp(key, codeAt(3), early), { step: 3 });
    assert.equal(
      countHmacs(() => verifyTotp(key, "000000", early)),
      4,
    );
  });

  test("refuses bad options whatever the code", () => {
    assertVarcoError(
      () => verifyTotp(key, "123456", { ...options, window: 11 }),
      "invalid_otp_parameters",
      "window 11 is not a whole number from 0 to 10",
    );
    assertVarcoError(
      () => verifyTotp(key, "12", { ...options, window: -1 }),
      "invalid_otp_parameters",
      /^window -1/,
    );
    assertVarcoError(
      () => verifyTotp(key, "123456", { ...options, timeMs: -1 }),
      "invalid_otp_parameters",
      /^time -1/,
    );
    assertVarcoError(
      () => verifyTotp(Buffer.alloc(0), "123456", options),
      "invalid_otp_parameters",
      "key is empty or not bytes",
    );
  });
});

// Keys found by search whose 6-digit SHA1 codes collide on two nearby counters: they show which
// step wins when two match, which a random key practically never reveals.
describe("verifyTotp search order: 0, -1, +1, -2, +2 …", () => {
  const sha1 = { period: 30, algorithm: "SHA1", digits: 6 } as const;
  const at = (someStep: number) => someStep * 30_000 + 5_000;
  // generateHotp(key, 100) === generateHotp(key, 101) === "268883"
  const adjacent = Buffer.from("collision-1067117");
  // generateHotp(key, 100) === generateHotp(key, 102) === "637732"
  const apart = Buffer.from("collision-630705");
  // generateHotp(key, 100) === generateHotp(key, 104) === "469285"
  const fourApart = Buffer.from("collision-134810");

  test("the test keys do collide", () => {
    assert.equal(generateHotp(adjacent, 100, sha1), "268883");
    assert.equal(generateHotp(adjacent, 101, sha1), "268883");
    assert.equal(generateHotp(apart, 100, sha1), "637732");
    assert.equal(generateHotp(apart, 102, sha1), "637732");
    assert.equal(generateHotp(fourApart, 100, sha1), "469285");
    assert.equal(generateHotp(fourApart, 104, sha1), "469285");
  });

  test("the current step wins over a neighbour", () => {
    const window = { ...sha1, window: 1 };
    assert.deepEqual(verifyTotp(adjacent, "268883", { ...window, timeMs: at(101) }), { step: 101 });
    assert.deepEqual(verifyTotp(adjacent, "268883", { ...window, timeMs: at(100) }), { step: 100 });
  });

  test("-1 wins over +1", () => {
    const options = { ...sha1, window: 1, timeMs: at(101) };
    assert.deepEqual(verifyTotp(apart, "637732", options), { step: 100 });
  });

  test("-1 wins over -2, and +1 over +2", () => {
    const window = { ...sha1, window: 2 };
    assert.deepEqual(verifyTotp(adjacent, "268883", { ...window, timeMs: at(102) }), { step: 101 });
    assert.deepEqual(verifyTotp(adjacent, "268883", { ...window, timeMs: at(99) }), { step: 100 });
  });

  test("-2 wins over +2", () => {
    const window = { ...sha1, window: 2 };
    assert.deepEqual(verifyTotp(fourApart, "469285", { ...window, timeMs: at(102) }), {
      step: 100,
    });
  });
});
