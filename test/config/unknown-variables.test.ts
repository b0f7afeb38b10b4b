import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { settings } from "../../src/config/settings.ts";
import { unknownVariableWarnings } from "../../src/config/unknown-variables.ts";

// A typo such as VARCO_PROT left the default port in force without a word.

describe("unknown VARCO_* variables", () => {
  test("a typo is named, with the variable it was probably meant to be", () => {
    assert.deepEqual(unknownVariableWarnings({ VARCO_PROT: "9000" }), [
      "VARCO_PROT is not a Varco setting and is ignored (did you mean VARCO_PORT?)",
    ]);
    assert.deepEqual(unknownVariableWarnings({ VARCO_DATABSE_URL: "postgres://db/varco" }), [
      "VARCO_DATABSE_URL is not a Varco setting and is ignored (did you mean VARCO_DATABASE_URL?)",
    ]);
  });

  test("a name nowhere near a setting gets no guess; every one is reported, in order", () => {
    assert.deepEqual(unknownVariableWarnings({ VARCO_ZZZ: "1", VARCO_METRIX: "" }), [
      "VARCO_METRIX is not a Varco setting and is ignored",
      "VARCO_ZZZ is not a Varco setting and is ignored",
    ]);
  });

  test("every setting, VARCO_CONFIG, VARCO_DEBUG and other programs' variables pass quietly", () => {
    const env: Record<string, string> = { VARCO_CONFIG: "/etc/varco.json", VARCO_DEBUG: "1" };
    for (const setting of Object.values(settings)) env[setting.env] = "x";
    Object.assign(env, { PORT: "1", VARCOS: "1", varco_port: "1", PATH: "/usr/bin" });
    assert.deepEqual(unknownVariableWarnings(env), []);
  });

  test("the value is never repeated: it may be a secret", () => {
    const [warning] = unknownVariableWarnings({ VARCO_MASTER_KYE: "c2VjcmV0LWtleQ" });
    assert.ok(warning);
    assert.ok(!warning.includes("c2VjcmV0LWtleQ"));
    assert.match(warning, /did you mean VARCO_MASTER_KEY\?/);
  });
});
