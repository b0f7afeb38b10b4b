import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { allowedCountry } from "../../src/phone-settings/allowed-country.ts";
import { defaultPhoneSettings } from "../../src/phone-settings/default-phone-settings.ts";
import { phoneDestinationAllowed } from "../../src/phone-settings/phone-destination-allowed.ts";
import { phoneRangeAllowed } from "../../src/phone-settings/phone-range-allowed.ts";

// Real numbers of real ranges, as libphonenumber's full metadata places them.
const italianMobile = "+39 3331234567";
const italianPremium = "+39 899123456";
const italianSharedCost = "+39 848123456";
const italianTollFree = "+39 800123456";
const italianFixedLine = "+39 0212345678";
const italianPersonal = "+39 1781234567";
const britishMobile = "+447400123456";

describe("the toll-fraud range checks", () => {
  test("an Italian mobile may get an SMS and a call, with or without the space", () => {
    for (const number of [italianMobile, "+393331234567"]) {
      assert.deepEqual(phoneRangeAllowed(number), { ok: true });
      assert.deepEqual(phoneRangeAllowed(number, "voice"), { ok: true });
    }
  });

  test("Italy's 899 premium and 848 shared-cost ranges are refused as premium, for SMS and calls", () => {
    for (const number of [italianPremium, italianSharedCost, "+44 9012345678"]) {
      for (const channel of ["sms", "voice"] as const) {
        assert.deepEqual(
          phoneRangeAllowed(number, channel),
          { ok: false, reason: "premium_rate" },
          `${number} ${channel}`,
        );
      }
    }
  });

  test("a fixed line may be called but gets no SMS; toll-free and personal numbers neither", () => {
    assert.deepEqual(phoneRangeAllowed(italianFixedLine, "voice"), { ok: true });
    assert.deepEqual(phoneRangeAllowed(italianFixedLine, "sms"), {
      ok: false,
      reason: "unknown_range",
    });
    for (const number of [italianTollFree, italianPersonal]) {
      for (const channel of ["sms", "voice"] as const) {
        assert.deepEqual(
          phoneRangeAllowed(number, channel),
          { ok: false, reason: "unknown_range" },
          `${number} ${channel}`,
        );
      }
    }
  });

  test("a number no range holds, or one without its country code, is an unknown range", () => {
    for (const number of ["+3955", "+441632960000", "3331234567", "", "+39 333 abc"]) {
      assert.deepEqual(phoneRangeAllowed(number), { ok: false, reason: "unknown_range" }, number);
    }
  });

  test("by default only Italy is allowed: a UK mobile is refused, and allowed once GB is listed", () => {
    assert.equal(allowedCountry(defaultPhoneSettings, italianMobile), true);
    assert.equal(allowedCountry(defaultPhoneSettings, britishMobile), false);
    assert.deepEqual(phoneDestinationAllowed(defaultPhoneSettings, britishMobile), {
      ok: false,
      reason: "country_not_allowed",
    });
    const withBritain = { ...defaultPhoneSettings, allowedCountries: ["IT", "GB"] };
    assert.equal(allowedCountry(withBritain, britishMobile), true);
    assert.deepEqual(phoneDestinationAllowed(withBritain, britishMobile), { ok: true });
    // An allowed country does not make a premium range acceptable.
    assert.deepEqual(phoneDestinationAllowed(withBritain, italianPremium), {
      ok: false,
      reason: "premium_rate",
    });
  });

  test("the region is libphonenumber's: a Guernsey mobile under +44 is not Great Britain's", () => {
    const onlyBritain = { ...defaultPhoneSettings, allowedCountries: ["GB"] };
    assert.equal(allowedCountry(onlyBritain, "+447911123456"), false);
    assert.equal(
      allowedCountry({ ...onlyBritain, allowedCountries: ["GG"] }, "+447911123456"),
      true,
    );
  });
});
