import assert from "node:assert/strict";
import { test } from "node:test";
import { negotiateLanguage } from "../../src/web/negotiate-language.ts";

test("the lang query parameter wins over the cookie and the header", () => {
  assert.equal(negotiateLanguage({ query: "it", cookie: "en", acceptLanguage: "en" }), "it");
  assert.equal(negotiateLanguage({ query: "en", cookie: "it", acceptLanguage: "it" }), "en");
  assert.equal(negotiateLanguage({ query: "IT" }), "it");
  assert.equal(negotiateLanguage({ query: "a=1&lang=it" }), "it");
  assert.equal(negotiateLanguage({ query: "?lang=it" }), "it");
});

test("an unsupported query value falls through to the cookie, then the header", () => {
  assert.equal(negotiateLanguage({ query: "fr", cookie: "it" }), "it");
  assert.equal(negotiateLanguage({ query: "", acceptLanguage: "it-IT" }), "it");
  assert.equal(negotiateLanguage({ query: "b=2", cookie: "x", acceptLanguage: "it" }), "it");
});

test("the varco_lang cookie wins over the header", () => {
  assert.equal(negotiateLanguage({ cookie: "it", acceptLanguage: "en-US" }), "it");
  assert.equal(negotiateLanguage({ cookie: "en", acceptLanguage: "it" }), "en");
  assert.equal(negotiateLanguage({ cookie: "a=b; varco_lang=it; c=d" }), "it");
  assert.equal(negotiateLanguage({ cookie: "other_lang=it" }), "en");
});

test("Accept-Language is read by q-value, ties in order, q=0 refused", () => {
  const cases: [string, "en" | "it"][] = [
    ["it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7", "it"],
    ["en-GB,en;q=0.9,it;q=0.8", "en"],
    ["fr-FR,fr;q=0.9,it;q=0.8,en;q=0.7", "it"],
    ["en;q=0.5, it;q=0.8", "it"],
    ["it;q=0.8, en;q=0.8", "it"],
    ["it;q=0, en;q=0.1", "en"],
    ["it;q=0", "en"],
    ["it;q=2", "en"],
    ["it;q=abc, en;q=0.1", "en"],
    ["de, fr", "en"],
    ["*", "en"],
    ["IT", "it"],
    ["", "en"],
  ];
  for (const [header, expected] of cases) {
    assert.equal(negotiateLanguage({ acceptLanguage: header }), expected, header);
  }
});

test("nothing known gives English", () => {
  assert.equal(negotiateLanguage({}), "en");
});
