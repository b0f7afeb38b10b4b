import assert from "node:assert/strict";
import { test } from "node:test";
import { serialFingerprints } from "../../src/hardware-tokens/serial-fingerprints.ts";

test("serial fingerprints: each of 200,000 serials is new once, then known, across every table's growth", () => {
  const serials = serialFingerprints();
  const count = 200_000;
  for (let i = 0; i < count; i++) assert.equal(serials.add(`SN${i}`), true, `SN${i} is new`);
  for (let i = 0; i < count; i++) assert.equal(serials.add(`SN${i}`), false, `SN${i} is known`);
  assert.equal(serials.add(""), true);
  assert.equal(serials.add(""), false);
  assert.equal(serials.add("SN"), true, "a prefix of known serials is another serial");
});
