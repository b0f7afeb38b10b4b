import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { OtpPeriod } from "../../src/otp/algorithms.ts";
import { generateHotp } from "../../src/otp/hotp.ts";
import { generateTotp, totpStep } from "../../src/otp/totp.ts";
import { assertVarcoError } from "./assert-varco-error.ts";

describe("totpStep", () => {
  test("counts whole periods since 1970", () => {
    assert.equal(totpStep(0, 30), 0);
    assert.equal(totpStep(29_999, 30), 0);
    assert.equal(totpStep(30_000, 30), 1);
    assert.equal(totpStep(59_999.9, 60), 0);
    assert.equal(totpStep(60_000, 60), 1);
    assert.equal(totpStep(1_700_000_000_000, 30), 56_666_666);
    assert.equal(totpStep(1_700_000_000_000, 60), 28_333_333);
  });

  test("is exact at every period boundary for the next centuries", () => {
    for (const seconds of [1_700_000_010, 4_102_444_800, 20_000_000_010, 253_402_300_790]) {
      const boundary = seconds - (seconds % 30);
      assert.equal(totpStep(boundary * 1000 - 1, 30), boundary / 30 - 1);
      assert.equal(totpStep(boundary * 1000, 30), boundary / 30);
    }
  });

  test("refuses times before 1970, beyond 2^53-1 ms or not numbers", () => {
    for (const timeMs of [-1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      assertVarcoError(
        () => totpStep(timeMs, 30),
        "invalid_otp_parameters",
        `time ${timeMs} is not a number of milliseconds since 1970`,
      );
    }
    assertVarcoError(
      () => totpStep("5" as unknown as number, 30),
      "invalid_otp_parameters",
      /^time "5"/,
    );
  });

  test("refuses periods other than 30 and 60", () => {
    assertVarcoError(
      () => totpStep(0, 45 as OtpPeriod),
      "invalid_otp_parameters",
      "period 45 is not 30 or 60",
    );
  });
});

describe("generateTotp", () => {
  test("is HOTP of the time step", () => {
    const key = Buffer.from("12345678901234567890");
    const options = { algorithm: "SHA256", digits: 8 } as const;
    const timeMs = 1_700_000_000_123;
    assert.equal(
      generateTotp(key, { ...options, timeMs, period: 60 }),
      generateHotp(key, totpStep(timeMs, 60), options),
    );
  });
});
