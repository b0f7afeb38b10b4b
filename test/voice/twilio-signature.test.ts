import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { signTwilioRequest, verifyTwilioSignature } from "../../src/sender/twilio-signature.ts";

type Vector = {
  authToken: string;
  url: string;
  params: Record<string, string>;
  signature: string;
};

const { vectors } = JSON.parse(
  readFileSync(new URL("../vectors/twilio-request-signature.json", import.meta.url), "utf8"),
) as { vectors: Vector[] };

describe("the provider's request signature (X-Twilio-Signature)", () => {
  test("gives the documented signature for the documented example requests", () => {
    assert.equal(vectors.length, 2);
    for (const v of vectors) {
      assert.equal(signTwilioRequest(v.authToken, v.url, v.params), v.signature);
      assert.equal(verifyTwilioSignature(v.authToken, v.url, v.params, v.signature), true);
    }
  });

  test("does not depend on the order the parameters arrive in", () => {
    const v = vectors[0] as Vector;
    const reversed = Object.fromEntries(Object.entries(v.params).reverse());
    assert.equal(signTwilioRequest(v.authToken, v.url, reversed), v.signature);
  });

  test("refuses a changed digit, URL, parameter, token, or a missing signature", () => {
    const v = vectors[0] as Vector;
    const verify = (
      changes: Partial<Vector> & { signature?: string | undefined },
      params = v.params,
    ) =>
      verifyTwilioSignature(
        changes.authToken ?? v.authToken,
        changes.url ?? v.url,
        params,
        "signature" in changes ? changes.signature : v.signature,
      );
    assert.equal(verify({}, { ...v.params, Digits: "1235" }), false, "a changed digit");
    assert.equal(verify({}, { ...v.params, Digits: "0#" }), false, "other digits");
    assert.equal(verify({ url: "https://mycompany.com/myapp.php?foo=1&bar=3" }), false, "query");
    assert.equal(verify({ url: "http://mycompany.com/myapp.php?foo=1&bar=2" }), false, "scheme");
    assert.equal(verify({}, { ...v.params, AccountSid: "AC1" }), false, "an added parameter");
    const { Digits: _gone, ...withoutDigits } = v.params;
    assert.equal(verify({}, withoutDigits), false, "a removed parameter");
    assert.equal(verify({ authToken: "12346" }), false, "another account's token");
    assert.equal(verify({ signature: undefined }), false, "no header");
    assert.equal(verify({ signature: "" }), false, "an empty header");
    assert.equal(verify({ signature: v.signature.toLowerCase() }), false, "a changed letter");
    assert.equal(
      verify({ authToken: "", signature: signTwilioRequest("", v.url, v.params) }),
      false,
      "no token configured",
    );
  });
});
