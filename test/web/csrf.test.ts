import assert from "node:assert/strict";
import { test } from "node:test";
import {
  cookieName,
  csrfCookieBase,
  csrfTokenMatches,
  issueCsrfToken,
  sessionCookie,
  strictCookie,
} from "../../src/web/csrf.ts";

test("tokens are 32 random bytes in base64url, never the same twice", () => {
  const tokens = new Set(Array.from({ length: 100 }, () => issueCsrfToken()));
  assert.equal(tokens.size, 100);
  for (const token of tokens) {
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, "base64url").length, 32);
  }
});

test("a token matches only its own copy", () => {
  const token = issueCsrfToken();
  assert.equal(csrfTokenMatches(token, token), true);
  assert.equal(csrfTokenMatches(token, `${token}`), true);
  assert.equal(csrfTokenMatches(token, issueCsrfToken()), false);
  assert.equal(csrfTokenMatches(token, `${token.slice(0, -1)}A`), token.endsWith("A"));
});

test("anything missing or malformed never matches", () => {
  const token = issueCsrfToken();
  const bad: unknown[] = [undefined, null, "", 42, [token], { token }, ` ${token}`, `${token}=`];
  for (const form of bad) {
    assert.equal(csrfTokenMatches(token, form), false, String(form));
  }
  assert.equal(csrfTokenMatches(undefined, token), false);
  assert.equal(csrfTokenMatches("", ""), false);
  assert.equal(csrfTokenMatches("short", "short"), false);
  const long = "A".repeat(44);
  assert.equal(csrfTokenMatches(long, long), false);
  const dotted = `${"A".repeat(42)}.`;
  assert.equal(csrfTokenMatches(dotted, dotted), false);
});

test("cookie names use the __Host- prefix behind TLS", () => {
  assert.equal(cookieName(csrfCookieBase, true), "__Host-varco_csrf");
  assert.equal(cookieName(csrfCookieBase, false), "varco_csrf");
});

test("cookie options: HttpOnly, Path=/, SameSite Strict or Lax, Secure only behind TLS", () => {
  assert.deepEqual(strictCookie(true), {
    httpOnly: true,
    sameSite: "strict",
    path: "/",
    secure: true,
  });
  assert.equal(strictCookie(false).secure, false);
  assert.deepEqual(sessionCookie(false), {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: false,
  });
  assert.equal(sessionCookie(true, 3600).maxAge, 3600);
  assert.equal(sessionCookie(true, 3600).secure, true);
  assert.equal("domain" in sessionCookie(true), false, "__Host- cookies have no Domain");
});
