import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createKeyring } from "../../src/crypto/keyring.ts";
import { randomBytes } from "../../src/crypto/random.ts";
import { openSealed, seal } from "../../src/crypto/seal.ts";
import { isVarcoError } from "../../src/errors/varco-error.ts";

const other = randomBytes(32);
const keyring = createKeyring(randomBytes(32), [other]);
const otherId = createKeyring(other).current.id;
const context = "method:42:seed";
const sealed = seal(keyring, Buffer.from("a TOTP seed"), context);

function assertRejected(text: string, openContext: string, detail: RegExp, label = text): void {
  assert.throws(
    () => openSealed(keyring, text, openContext),
    (error: unknown) => {
      assert.ok(isVarcoError(error, "sealed_data_invalid"), label);
      assert.match(error.detail ?? "", detail, label);
      return true;
    },
  );
}

/** Decodes part `index`, flips one bit of byte `byte` (negative counts from the end), re-encodes. */
function flipBit(index: number, byte: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index] ?? "", "base64url");
  const at = byte < 0 ? bytes.length + byte : byte;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("sealed data that was changed does not open", () => {
  test("the untouched text opens", () => {
    assert.equal(openSealed(keyring, sealed, context).toString(), "a TOTP seed");
  });

  test("a changed IV, ciphertext or tag fails authentication", () => {
    assertRejected(flipBit(2, 0), context, /authentication failed/, "iv");
    assertRejected(flipBit(2, -1), context, /authentication failed/, "iv end");
    assertRejected(flipBit(3, 0), context, /authentication failed/, "ciphertext");
    assertRejected(flipBit(3, -1), context, /authentication failed/, "tag");
  });

  test("another row's context fails authentication", () => {
    assertRejected(sealed, "method:43:seed", /authentication failed/);
    assertRejected(sealed, "", /authentication failed/);
    assertRejected(sealed, `${context} `, /authentication failed/);
  });

  test("a key id switched to another key of the ring fails; an unknown one is named", () => {
    const parts = sealed.split(".");
    assertRejected([parts[0], otherId, parts[2], parts[3]].join("."), context, /authentication/);
    assertRejected([parts[0], "0badc0de", parts[2], parts[3]].join("."), context, /unknown key id/);
  });

  test("every single-character change anywhere in the text is rejected", () => {
    for (let i = 0; i < sealed.length; i++) {
      const replacement = sealed[i] === "A" ? "B" : "A";
      const changed = sealed.slice(0, i) + replacement + sealed.slice(i + 1);
      assertRejected(changed, context, /./, `position ${i}`);
    }
  });

  test("malformed texts are rejected as malformed", () => {
    const [version, keyId, iv, body] = sealed.split(".");
    const malformed = [
      "",
      "v1",
      `v2.${keyId}.${iv}.${body}`,
      `${version}.${keyId}.${iv}`,
      `${sealed}.extra`,
      `${version}.${keyId}.${iv}.${body}=`,
      `${version}.${keyId}.${iv}AA.${body}`,
      `${version}.${keyId}.${iv}.${body?.slice(0, 20)}`,
      `${version}.${keyId}0.${iv}.${body}`,
      `${version}.XYZ.${iv}.${body}`,
      `${version}.${keyId}.${iv}.${body?.replace(/^./, "+")}`,
    ];
    for (const text of malformed) assertRejected(text, context, /malformed/);
  });
});
