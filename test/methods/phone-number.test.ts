import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { maskPhoneNumber } from "../../src/methods/phone/mask-phone-number.ts";
import { parsePhoneNumber } from "../../src/methods/phone/parse-phone-number.ts";

// Numbers are read by libphonenumber and written as Microsoft Graph's phoneMethods write them:
// `+CountryCode Number`, one space, extension dropped.
describe("phone numbers are read, written in Graph's form, and masked", () => {
  test("Italian mobiles and landlines, a UK and a US number, written with one space", () => {
    const cases: [string, string][] = [
      ["+39 333 123 4567", "+39 3331234567"],
      ["+393471234567", "+39 3471234567"],
      ["  +39 (347) 123-4567 ", "+39 3471234567"],
      ["+39 02 1234 5678", "+39 0212345678"],
      ["+39 06 4567 8901", "+39 0645678901"],
      ["+44 20 7946 0958", "+44 2079460958"],
      ["+1 (212) 555-0123", "+1 2125550123"],
    ];
    for (const [input, expected] of cases) assert.equal(parsePhoneNumber(input), expected, input);
  });

  test("an extension is dropped", () => {
    assert.equal(parsePhoneNumber("+39 02 1234 5678 ext. 12"), "+39 0212345678");
    assert.equal(parsePhoneNumber("+1 212 555 0123 x 45"), "+1 2125550123");
  });

  test("a number without + and its country code is refused with its own code", () => {
    for (const input of ["333 1234567", "0039 333 1234567", "02 1234 5678"]) {
      assert.throws(
        () => parsePhoneNumber(input),
        (e) => isVarcoError(e, "phone_country_code_required"),
        input,
      );
    }
  });

  test("numbers that no country has, and junk, are refused as invalid", () => {
    for (const input of [
      "",
      "+39 123",
      "+39 333 123 4567 8901 2345",
      "+44 1",
      "+1 012 555 0123",
      "+999 123456789",
      "+39 abc defg",
      "+39 333\u0000 1234567",
      `+39 ${"3".repeat(80)}`,
    ]) {
      assert.throws(
        () => parsePhoneNumber(input),
        (e) => isVarcoError(e, "invalid_phone_number"),
        JSON.stringify(input),
      );
    }
  });

  test("the mask keeps the country code and the last two digits only", () => {
    assert.equal(maskPhoneNumber("+39 3331234567"), "+39 ••• •••• 67");
    assert.equal(maskPhoneNumber("+44 2079460958"), "+44 ••• •••• 58");
    assert.equal(maskPhoneNumber("+1 2125550123"), "+1 ••• •••• 23");
    assert.doesNotMatch(maskPhoneNumber("+39 0212345678"), /12345/);
  });
});
