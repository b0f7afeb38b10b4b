import assert from "node:assert/strict";
import { createHmac, createSecretKey } from "node:crypto";
import { describe, test } from "node:test";
import type { OtpAlgorithm } from "../../src/otp/algorithms.ts";
import { generateHotp } from "../../src/otp/hotp.ts";
import { generateTotp, totpStep } from "../../src/otp/totp.ts";
import { verifyHotp } from "../../src/otp/verify-hotp.ts";
import { verifyTotp } from "../../src/otp/verify-totp.ts";
import hotpVectors from "../vectors/rfc4226-hotp.json" with { type: "json" };
import totpVectors from "../vectors/rfc6238-totp.json" with { type: "json" };

describe("RFC 4226 Appendix D", () => {
  const key = Buffer.from(hotpVectors.secretAscii, "ascii");
  const options = { algorithm: "SHA1", digits: 6 } as const;

  for (const vector of hotpVectors.vectors) {
    test(`counter ${vector.counter} gives ${vector.hotp}`, () => {
      assert.equal(generateHotp(key, vector.counter, options), vector.hotp);
      assert.deepEqual(verifyHotp(key, vector.hotp, { ...options, counter: 0, lookAhead: 9 }), {
        counter: vector.counter,
      });
    });
  }

  test("the intermediate HMAC and truncated values in the file are the RFC's", () => {
    for (const vector of hotpVectors.vectors) {
      const counter = Buffer.alloc(8);
      counter.writeUInt32BE(vector.counter, 4);
      const mac = createHmac("sha1", key).update(counter).digest();
      assert.equal(mac.toString("hex"), vector.hmac);
      const offset = mac.readUInt8(19) & 0x0f;
      assert.equal(mac.readUInt32BE(offset) & 0x7fffffff, vector.truncated);
      assert.equal(String(vector.truncated % 1_000_000).padStart(6, "0"), vector.hotp);
    }
  });
});

describe("RFC 6238 Appendix B", () => {
  const seeds: Record<OtpAlgorithm, string> = totpVectors.seedsAscii;
  const period = 30;
  const digits = 8;

  for (const vector of totpVectors.vectors) {
    const algorithm = vector.algorithm as OtpAlgorithm;
    test(`${algorithm} at ${vector.time} s gives ${vector.totp}`, () => {
      const key = Buffer.from(seeds[algorithm], "ascii");
      const timeMs = vector.time * 1000;
      assert.equal(totpStep(timeMs, period), vector.step);
      assert.equal(generateTotp(key, { timeMs, period, algorithm, digits }), vector.totp);
      // The server keeps opened seeds as KeyObjects: the same codes either way.
      for (const form of [key, createSecretKey(key)]) {
        assert.deepEqual(
          verifyTotp(form, vector.totp, { timeMs, period, algorithm, digits, window: 0 }),
          { step: vector.step },
        );
      }
    });
  }

  test("the seeds are 20, 32 and 64 bytes as the RFC's reference code uses", () => {
    assert.equal(seeds.SHA1.length, 20);
    assert.equal(seeds.SHA256.length, 32);
    assert.equal(seeds.SHA512.length, 64);
  });
});
