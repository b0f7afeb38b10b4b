import assert from "node:assert/strict";
import { test } from "node:test";
import models from "../../src/methods/passkey/authenticator-models.json" with { type: "json" };
import { authenticatorModelName } from "../../src/methods/passkey/authenticator-models.ts";

test("well-known AAGUIDs have their model's name, in any case", () => {
  assert.equal(authenticatorModelName("cb69481e-8ff7-4039-93ec-0a2729a154a8"), "YubiKey 5 Series");
  assert.equal(
    authenticatorModelName("EA9B8D66-4D01-1D21-3CE4-B6B48CB575D4"),
    "Google Password Manager",
  );
  assert.equal(authenticatorModelName("fbfc3007-154e-4ecc-8c0b-6e020557d7bd"), "Apple Passwords");
  assert.equal(
    authenticatorModelName("01020304-0506-0708-0102-030405060708"),
    "Chromium virtual authenticator",
  );
});

test("an unknown AAGUID, the all-zero one, or a property of objects has no name", () => {
  assert.equal(authenticatorModelName("00000000-0000-0000-0000-000000000000"), undefined);
  assert.equal(authenticatorModelName("12345678-1234-1234-1234-123456789abc"), undefined);
  assert.equal(authenticatorModelName("constructor"), undefined);
  assert.equal(authenticatorModelName("__proto__"), undefined);
});

test("the data file: lower-case AAGUIDs, one short line of text per name, sorted", () => {
  const entries = Object.entries(models as Record<string, unknown>);
  assert.ok(entries.length > 200, `${entries.length} models`);
  for (const [aaguid, name] of entries) {
    assert.match(aaguid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(typeof name, "string", aaguid);
    assert.ok((name as string).length > 0 && (name as string).length <= 200, aaguid);
    assert.doesNotMatch(name as string, /\p{Cc}/u, aaguid);
  }
  const keys = entries.map(([aaguid]) => aaguid);
  assert.deepEqual(keys, [...keys].sort());
});
