import assert from "node:assert/strict";
import { test } from "node:test";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { maskEmailAddress } from "../../src/methods/email/mask-email-address.ts";
import { parseEmailAddress } from "../../src/methods/email/parse-email-address.ts";

test("the mask keeps the first character of the name and of the domain, and the top-level domain", () => {
  assert.equal(maskEmailAddress("mario.rossi@scuola.it"), "m•••@s•••.it");
  assert.equal(maskEmailAddress("mario.rossi@scuola.edu.it"), "m•••@s•••.it", "subdomains hidden");
  assert.equal(maskEmailAddress("a@b.co"), "a•••@b•••.co", "the length is never told");
  assert.equal(maskEmailAddress("Maria@Posta.Example.ORG"), "M•••@P•••.ORG");
});

test("an address is kept as typed, trimmed", () => {
  assert.equal(
    parseEmailAddress("  Maria.Rossi@Posta.example.org "),
    "Maria.Rossi@Posta.example.org",
  );
  for (const good of [
    "a@b.co",
    "nome+etichetta@scuola.edu.it",
    "o'brien@example.ie",
    "x_y-z@sub-domain.example.com",
    `${"a".repeat(64)}@example.org`,
    `x@${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}`,
  ])
    assert.equal(parseEmailAddress(good), good, good);
});

test("what SMTP would not take is refused with invalid_email_address", () => {
  for (const bad of [
    "",
    "   ",
    "senza-chiocciola",
    "@example.org",
    "nome@",
    "nome@example",
    "nome@@example.org",
    "no me@example.org",
    "nome@exa mple.org",
    ".nome@example.org",
    "nome.@example.org",
    "no..me@example.org",
    '"quoted"@example.org',
    "nome@-example.org",
    "nome@example-.org",
    "nome@example..org",
    "nome@[192.0.2.1]",
    "nome@192.0.2.1",
    "nome@example.org\u0000",
    "nome\u0007@example.org",
    "nome@example.org\u200b",
    "nome\u00a0@example.org",
    "màrio@example.org",
    "mario@esempìo.it",
    `${"a".repeat(65)}@example.org`,
    `x@${"a".repeat(64)}.org`,
    `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.${"e".repeat(10)}`,
  ])
    assert.throws(
      () => parseEmailAddress(bad),
      (error) => isVarcoError(error, "invalid_email_address"),
      JSON.stringify(bad),
    );
});
