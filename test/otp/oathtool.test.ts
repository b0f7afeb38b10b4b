import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import {
  type OtpAlgorithm,
  type OtpDigits,
  type OtpPeriod,
  otpAlgorithms,
  secretBytesFor,
} from "../../src/otp/algorithms.ts";
import { encodeBase32 } from "../../src/otp/base32.ts";
import { generateHotp } from "../../src/otp/hotp.ts";
import { generateTotp } from "../../src/otp/totp.ts";
import { verifyHotp } from "../../src/otp/verify-hotp.ts";
import { verifyTotp } from "../../src/otp/verify-totp.ts";
import hotpVectors from "../vectors/rfc4226-hotp.json" with { type: "json" };
import totpVectors from "../vectors/rfc6238-totp.json" with { type: "json" };

// OATH Toolkit is an independent implementation: agreeing with it on random secrets, every
// algorithm, both lengths and both periods is the best evidence we have beyond the RFC vectors.

const run = promisify(execFile);
// -w asks for the following steps or counters too, so one process gives `perCall` values.
const extra = 9;
const perCall = extra + 1;

async function oathtool(args: string[]): Promise<string[]> {
  const { stdout } = await run("oathtool", ["-w", String(extra), ...args]);
  const codes = stdout.trim().split("\n");
  assert.equal(codes.length, perCall, `oathtool ${args.join(" ")} printed ${stdout}`);
  return codes;
}

/** Secrets of the recommended size plus sizes that leave Base32 a partial last group. */
function randomSecret(algorithm: OtpAlgorithm, index: number): Buffer {
  const sizes = [secretBytesFor(algorithm), 10, 16, 33, randomInt(1, 80)];
  return randomBytes(sizes[index % sizes.length] ?? 20);
}

// Never skipped: without oathtool (apt-get install oathtool) this fails, as it should.
describe("agreement with oathtool", () => {
  test("TOTP: 3 algorithms × 6 and 8 digits × 30 and 60 s, 5 secrets each, 10 steps", async () => {
    const cases: Promise<number>[] = [];
    for (const algorithm of otpAlgorithms) {
      for (const digits of [6, 8] as const) {
        for (const period of [30, 60] as const) {
          for (let index = 0; index < 5; index++) {
            cases.push(compareTotp(algorithm, digits, period, index));
          }
        }
      }
    }
    const compared = (await Promise.all(cases)).reduce((sum, count) => sum + count, 0);
    assert.equal(compared, 3 * 2 * 2 * 5 * perCall);
  });

  test("HOTP (SHA1, oathtool's only HOTP hash): 6 and 8 digits, small and huge counters", async () => {
    const counters = [
      0,
      randomInt(1, 1000),
      randomInt(1000, 2 ** 32),
      2 ** 32 - 5, // crosses from the low into the high 32 bits
      randomInt(2 ** 32, 2 ** 47),
      Number.MAX_SAFE_INTEGER - extra,
    ];
    const cases: Promise<number>[] = [];
    for (const digits of [6, 8] as const) {
      counters.forEach((counter, index) => {
        cases.push(compareHotp(randomSecret("SHA1", index), counter, digits));
      });
    }
    const compared = (await Promise.all(cases)).reduce((sum, count) => sum + count, 0);
    assert.equal(compared, 2 * counters.length * perCall);
  });

  test("the RFC vector files agree with oathtool", async () => {
    const hotpKey = Buffer.from(hotpVectors.secretAscii, "ascii").toString("hex");
    const hotp = await oathtool(["-d", "6", "-c", "0", hotpKey]);
    assert.deepEqual(
      hotp,
      hotpVectors.vectors.map((vector) => vector.hotp),
    );
    await Promise.all(
      totpVectors.vectors.map(async (vector) => {
        const seed = totpVectors.seedsAscii[vector.algorithm as OtpAlgorithm];
        const [code] = await oathtool([
          `--totp=${vector.algorithm}`,
          "-d",
          "8",
          "-N",
          `@${vector.time}`,
          Buffer.from(seed, "ascii").toString("hex"),
        ]);
        assert.equal(code, vector.totp, `${vector.algorithm} at ${vector.time}`);
      }),
    );
  });
});

async function compareTotp(
  algorithm: OtpAlgorithm,
  digits: OtpDigits,
  period: OtpPeriod,
  index: number,
): Promise<number> {
  const secret = randomSecret(algorithm, index);
  const seconds = index === 0 ? period - 1 : randomInt(0, 2 ** 32); // also the first steps
  const codes = await oathtool([
    `--totp=${algorithm.toLowerCase()}`,
    "-d",
    String(digits),
    "-s",
    `${period}s`,
    "-N",
    `@${seconds}`,
    "-b",
    encodeBase32(secret, { padding: index % 2 === 1 }),
  ]);
  codes.forEach((code, offset) => {
    // Any millisecond inside the step must give the same code.
    const timeMs = (seconds + offset * period) * 1000 + randomInt(0, 1000);
    const options = { timeMs, period, algorithm, digits };
    const where = `${algorithm}/${digits}/${period}s secret ${secret.toString("hex")} at ${timeMs} ms`;
    assert.equal(generateTotp(secret, options), code, where);
    const step = Math.floor(timeMs / 1000 / period);
    assert.deepEqual(verifyTotp(secret, code, { ...options, window: 0 }), { step }, where);
  });
  return codes.length;
}

async function compareHotp(secret: Buffer, counter: number, digits: OtpDigits): Promise<number> {
  const codes = await oathtool([
    "-d",
    String(digits),
    "-c",
    String(counter),
    "-b",
    encodeBase32(secret),
  ]);
  const options = { algorithm: "SHA1", digits } as const;
  codes.forEach((code, offset) => {
    const where = `secret ${secret.toString("hex")} counter ${counter + offset}`;
    assert.equal(generateHotp(secret, counter + offset, options), code, where);
  });
  const last = codes.at(-1) ?? "";
  assert.deepEqual(verifyHotp(secret, last, { ...options, counter, lookAhead: extra }), {
    counter: counter + extra,
  });
  return codes.length;
}
