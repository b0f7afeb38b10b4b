import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import type { OtpDigits } from "../../src/otp/algorithms.ts";
import { decodeBase32 } from "../../src/otp/base32.ts";
import { buildOtpauthUri, type OtpauthParams, parseOtpauthUri } from "../../src/otp/otpauth-uri.ts";
import { assertVarcoError } from "./assert-varco-error.ts";

const rfcSeed = Buffer.from("12345678901234567890");
const base: OtpauthParams = {
  type: "totp",
  issuer: "Varco",
  account: "alice@example.com",
  secret: rfcSeed,
  algorithm: "SHA1",
  digits: 6,
  period: 30,
};
const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("buildOtpauthUri", () => {
  test("writes the label, the unpadded secret and every parameter, defaults included", () => {
    assert.equal(
      buildOtpauthUri(base),
      `otpauth://totp/Varco:alice%40example.com?secret=${secret}&issuer=Varco&algorithm=SHA1&digits=6&period=30`,
    );
    assert.equal(
      buildOtpauthUri({ ...base, algorithm: "SHA512", digits: 8, period: 60 }),
      `otpauth://totp/Varco:alice%40example.com?secret=${secret}&issuer=Varco&algorithm=SHA512&digits=8&period=60`,
    );
  });

  test("writes counter for HOTP, and no period", () => {
    assert.equal(
      buildOtpauthUri({ ...base, type: "hotp", counter: 42 }),
      `otpauth://hotp/Varco:alice%40example.com?secret=${secret}&issuer=Varco&algorithm=SHA1&digits=6&counter=42`,
    );
  });

  test("ignores counter for TOTP", () => {
    assert.equal(buildOtpauthUri({ ...base, counter: 42 }), buildOtpauthUri(base));
  });

  test("percent-encodes issuer and account; the separating ':' stays literal", () => {
    assert.equal(
      buildOtpauthUri({ ...base, issuer: "ACME Co & Sons", account: "Mario Rossi+2fa@acme.it" }),
      `otpauth://totp/ACME%20Co%20%26%20Sons:Mario%20Rossi%2B2fa%40acme.it?secret=${secret}&issuer=ACME%20Co%20%26%20Sons&algorithm=SHA1&digits=6&period=30`,
    );
  });

  test("an empty issuer leaves out the label prefix and the issuer parameter", () => {
    assert.equal(
      buildOtpauthUri({ ...base, issuer: "" }),
      `otpauth://totp/alice%40example.com?secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
  });

  test("refuses a ':' in issuer or account: nothing could tell it from the separator", () => {
    assertVarcoError(
      () => buildOtpauthUri({ ...base, issuer: "ACME: EU" }),
      "invalid_otp_parameters",
      `issuer "ACME: EU" contains ':', the label separator`,
    );
    assertVarcoError(
      () => buildOtpauthUri({ ...base, account: "urn:alice" }),
      "invalid_otp_parameters",
      `account "urn:alice" contains ':', the label separator`,
    );
  });

  test("refuses other bad parameters", () => {
    const cases: [Partial<Record<keyof OtpauthParams, unknown>>, string][] = [
      [{ account: "" }, "account is empty"],
      [{ account: " alice" }, "account starts with a space, which apps drop after the ':'"],
      [{ secret: Buffer.alloc(0) }, "secret is empty or not bytes"],
      [{ secret: "GEZDGNBV" }, "secret is empty or not bytes"],
      [{ type: "motp" }, 'type "motp" is not totp or hotp'],
      [{ digits: 7 }, "digits 7 is not 6 or 8"],
      [{ period: 45 }, "period 45 is not 30 or 60"],
      [{ algorithm: "MD5" }, 'algorithm "MD5" is not SHA1, SHA256 or SHA512'],
      [{ type: "hotp" }, "hotp needs a counter"],
      [{ type: "hotp", counter: -1 }, "counter -1 is not a whole number from 0 to 2^53-1"],
    ];
    for (const [change, detail] of cases) {
      const params = { ...base, ...change } as OtpauthParams;
      assertVarcoError(() => buildOtpauthUri(params), "invalid_otp_parameters", detail);
    }
  });
});

describe("parseOtpauthUri", () => {
  test("reads back what buildOtpauthUri wrote, for every kind of parameter", () => {
    const issuers = ["Varco", "ACME Co", "Ünïcödé ✓", "a&b=c?d#e/f%g+h", "😀", ""];
    const accounts = ["alice@example.com", "Mario Rossi", "a+b@x.it", "x/y?z#w", "名前"];
    let checked = 0;
    for (const issuer of issuers) {
      for (const account of accounts) {
        for (const digits of [6, 8] as const) {
          const totp: OtpauthParams = {
            type: "totp",
            issuer,
            account,
            secret: randomBytes(20 + checked),
            algorithm: checked % 3 === 0 ? "SHA1" : checked % 3 === 1 ? "SHA256" : "SHA512",
            digits,
            period: checked % 2 === 0 ? 30 : 60,
          };
          assert.deepEqual(parseOtpauthUri(buildOtpauthUri(totp)), totp);
          const hotp: OtpauthParams = {
            ...totp,
            type: "hotp",
            period: 30,
            counter: checked * 1000,
          };
          assert.deepEqual(parseOtpauthUri(buildOtpauthUri(hotp)), hotp);
          checked++;
        }
      }
    }
    assert.equal(checked, 60);
  });

  test("reads Google's own example, applying the defaults", () => {
    assert.deepEqual(
      parseOtpauthUri(
        "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
      ),
      {
        type: "totp",
        issuer: "Example",
        account: "alice@google.com",
        secret: decodeBase32("JBSWY3DPEHPK3PXP"),
        algorithm: "SHA1",
        digits: 6,
        period: 30,
      },
    );
  });

  test("takes the issuer from the label or from the parameter alone", () => {
    const fromLabel = parseOtpauthUri(`otpauth://totp/ACME%20Co:alice?secret=${secret}`);
    assert.equal(fromLabel.issuer, "ACME Co");
    assert.equal(fromLabel.account, "alice");
    const fromParameter = parseOtpauthUri(`otpauth://totp/alice?secret=${secret}&issuer=ACME+Co`);
    assert.equal(fromParameter.issuer, "ACME Co");
    assert.equal(fromParameter.account, "alice");
    const none = parseOtpauthUri(`otpauth://totp/alice?secret=${secret}&issuer=`);
    assert.equal(none.issuer, "");
  });

  test("accepts %3A as the separator and spaces before the account", () => {
    for (const label of ["ACME%3Aalice", "ACME%3aalice", "ACME:%20alice", "ACME%3A%20%20alice"]) {
      const parsed = parseOtpauthUri(`otpauth://totp/${label}?secret=${secret}&issuer=ACME`);
      assert.equal(parsed.issuer, "ACME", label);
      assert.equal(parsed.account, "alice", label);
    }
  });

  test("keeps a literal '+' in the label, as in john+tag@example.com", () => {
    assert.equal(parseOtpauthUri(`otpauth://totp/a+b@x.it?secret=${secret}`).account, "a+b@x.it");
  });

  test("is lenient where apps differ: case, spelling, spaces in the secret, extra parameters", () => {
    const parsed = parseOtpauthUri(
      `  OTPAUTH://TOTP/Acme:bob?Secret=gezd+gnbv%20gy3t+qojq+gezdgnbvgy3tqojq&ALGORITHM=sha-256&Digits=8&period=60&image=https%3A%2F%2Fx%2Fy.png&color=red&&\n`,
    );
    assert.deepEqual(parsed, {
      type: "totp",
      issuer: "Acme",
      account: "bob",
      secret: rfcSeed,
      algorithm: "SHA256",
      digits: 8,
      period: 60,
    });
  });

  test("accepts a padded secret", () => {
    const padded = parseOtpauthUri("otpauth://totp/bob?secret=MZXW6YQ%3D");
    assert.equal(padded.secret.toString(), "foob");
    assert.equal(parseOtpauthUri("otpauth://totp/bob?secret=MZXW6YQ=").secret.toString(), "foob");
  });

  test("ignores a period in an HOTP URI", () => {
    const parsed = parseOtpauthUri(`otpauth://hotp/bob?secret=${secret}&counter=7&period=45`);
    assert.equal(parsed.period, 30);
    assert.equal(parsed.counter, 7);
  });

  test("ignores a counter in a TOTP URI", () => {
    const parsed = parseOtpauthUri(`otpauth://totp/bob?secret=${secret}&counter=7`);
    assert.equal("counter" in parsed, false);
  });

  test("refuses each kind of bad URI and says what is wrong", () => {
    const ok = `secret=${secret}`;
    const cases: [unknown, string | RegExp][] = [
      [42, "is not a string"],
      [`https://totp/bob?${ok}`, 'does not start with "otpauth://"'],
      [`otpauth:/totp/bob?${ok}`, 'does not start with "otpauth://"'],
      [`otpauth://motp/bob?${ok}`, 'type "motp" is not totp or hotp'],
      [`otpauth://totp?${ok}`, "has no '/' and label after the type"],
      [`otpauth://totp?x=/bob&${ok}`, "has no '/' and label after the type"],
      [`otpauth://totp/?${ok}`, "label has no account name"],
      [`otpauth://totp/ACME:?${ok}`, "label has no account name after ':'"],
      [`otpauth://totp/ACME:%20?${ok}`, "label has no account name after ':'"],
      [`otpauth://totp/:bob?${ok}`, "label has nothing before ':'"],
      [`otpauth://totp/A:B:bob?${ok}`, "label has more than one ':'"],
      [`otpauth://totp/A%3AB%3Abob?${ok}`, "label has more than one ':'"],
      [`otpauth://totp/bob%E0%A4?${ok}`, "label is not valid percent-encoding"],
      [`otpauth://totp/bob?${ok}&issuer=%zz`, "parameter issuer is not valid percent-encoding"],
      ["otpauth://totp/bob", "has no secret parameter"],
      ["otpauth://totp/bob?issuer=x", "has no secret parameter"],
      ["otpauth://totp/bob?secret=", "has no secret parameter"],
      ["otpauth://totp/bob?secret=+++", "secret is empty"],
      [
        "otpauth://totp/bob?secret=JBS1Y3DP",
        "secret character '1' at position 4 is not in the Base32 alphabet",
      ],
      [`otpauth://totp/bob?secret=${"A".repeat(136)}`, "secret longer than 128 characters"],
      [`otpauth://totp/bob?${ok}&secret=${secret}`, "parameter secret appears more than once"],
      [`otpauth://totp/bob?${ok}&Issuer=a&issuer=a`, "parameter issuer appears more than once"],
      [
        `otpauth://totp/ACME:bob?${ok}&issuer=Other`,
        'issuer parameter "Other" does not match "ACME" in the label',
      ],
      [`otpauth://totp/ACME:bob?${ok}&issuer=acme`, /^issuer parameter "acme" does not match/],
      [`otpauth://totp/bob?${ok}&issuer=A%3AB`, "issuer parameter contains ':'"],
      [`otpauth://totp/bob?${ok}&algorithm=MD5`, 'algorithm "MD5" is not SHA1, SHA256 or SHA512'],
      [`otpauth://totp/bob?${ok}&algorithm=`, 'algorithm "" is not SHA1, SHA256 or SHA512'],
      [`otpauth://totp/bob?${ok}&digits=7`, 'digits "7" is not 6 or 8'],
      [`otpauth://totp/bob?${ok}&period=45`, 'period "45" is not 30 or 60'],
      [`otpauth://hotp/bob?${ok}`, "hotp URI has no counter parameter"],
      [`otpauth://hotp/bob?${ok}&counter=`, "hotp URI has no counter parameter"],
      [
        `otpauth://hotp/bob?${ok}&counter=-1`,
        'counter "-1" is not a whole number from 0 to 2^53-1',
      ],
      [`otpauth://hotp/bob?${ok}&counter=1e3`, /^counter "1e3"/],
      [`otpauth://hotp/bob?${ok}&counter=9007199254740992`, /^counter "9007199254740992"/],
      [`otpauth://totp/${"a".repeat(2048)}?${ok}`, "longer than 2048 characters"],
    ];
    for (const [uri, detail] of cases) {
      assertVarcoError(() => parseOtpauthUri(uri as string), "invalid_otpauth_uri", detail);
    }
  });

  test("keeps the Base32 or parameter error as the cause", () => {
    try {
      parseOtpauthUri("otpauth://totp/bob?secret=JBS1Y3DP");
      assert.fail("should have thrown");
    } catch (error) {
      assert.ok(error instanceof Error);
      assert.equal((error.cause as { code?: string }).code, "invalid_base32");
    }
  });

  test("the largest counter survives the round trip", () => {
    const hotp: OtpauthParams = { ...base, type: "hotp", counter: Number.MAX_SAFE_INTEGER };
    assert.equal(parseOtpauthUri(buildOtpauthUri(hotp)).counter, Number.MAX_SAFE_INTEGER);
  });

  test("digits parsed from a URI are numbers", () => {
    const digits: OtpDigits = parseOtpauthUri(
      `otpauth://totp/bob?secret=${secret}&digits=8`,
    ).digits;
    assert.equal(digits, 8);
  });
});
