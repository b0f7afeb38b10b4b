import assert from "node:assert/strict";
import { test } from "node:test";
import { securityHeaders } from "../../src/web/security-headers.ts";

test("pages forbid inline code, framing, caching and sniffing", () => {
  const headers = securityHeaders();
  assert.equal(
    headers["content-security-policy"],
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  assert.doesNotMatch(headers["content-security-policy"] ?? "", /unsafe/);
  assert.equal(headers["x-content-type-options"], "nosniff");
  assert.equal(headers["referrer-policy"], "same-origin");
  assert.equal(headers["x-frame-options"], "DENY");
  assert.equal(headers["cache-control"], "no-store");
  assert.match(headers["permissions-policy"] ?? "", /camera=\(\)/);
  for (const [name, value] of Object.entries(headers)) {
    assert.equal(name, name.toLowerCase());
    assert.doesNotMatch(value, /[\r\n]/);
  }
});

test("each call returns a fresh object, so a caller's change cannot leak", () => {
  const first = securityHeaders();
  first["cache-control"] = "public";
  assert.equal(securityHeaders()["cache-control"], "no-store");
});
