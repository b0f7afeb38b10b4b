import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { enMessages } from "../../src/web/i18n/en.ts";
import { itMessages } from "../../src/web/i18n/it.ts";
import { translatorFor } from "../../src/web/i18n/translate.ts";

const templates = new URL("../../src/web/templates/", import.meta.url);

function templateSources(): { name: string; source: string }[] {
  return readdirSync(templates, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".eta"))
    .map((name) => ({ name, source: readFileSync(new URL(name, templates), "utf8") }));
}

describe("message catalogs", () => {
  test("English and Italian have exactly the same keys and no empty message", () => {
    assert.deepEqual(Object.keys(itMessages).sort(), Object.keys(enMessages).sort());
    for (const catalog of [enMessages, itMessages]) {
      for (const [key, message] of Object.entries(catalog)) {
        assert.ok(message.trim().length > 0, key);
        assert.equal(message, message.trim(), key);
      }
    }
  });

  test("both languages use the same placeholders in each message", () => {
    const placeholders = (message: string) =>
      [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, message] of Object.entries(enMessages)) {
      assert.deepEqual(
        placeholders(itMessages[key as keyof typeof enMessages]),
        placeholders(message),
        key,
      );
    }
  });

  test("the error codes shown on pages and every notice have a message", () => {
    for (const code of [
      "invalid_label",
      "method_limit_reached",
      "invalid_code",
      "invalid_credentials",
      "throttled",
      "expired",
      "csrf_failed",
      "reauth_required",
      "not_found",
      "internal_error",
    ]) {
      assert.ok(Object.hasOwn(enMessages, `error.${code}`), code);
    }
    for (const notice of [
      "signed_out",
      "method_added",
      "method_removed",
      "default_changed",
      "device_revoked",
      "session_revoked",
      "backup_codes_regenerated",
    ]) {
      assert.ok(Object.hasOwn(enMessages, `notice.${notice}`), notice);
    }
  });

  test("every message key a template names exists, and every message is used", () => {
    const used = new Set<string>();
    for (const { name, source } of templateSources()) {
      for (const match of source.matchAll(/\bit\.t\(\s*"([^"]+)"/g)) {
        const key = match[1] ?? "";
        used.add(key);
        assert.ok(Object.hasOwn(enMessages, key), `${name}: ${key}`);
      }
    }
    const translator = readFileSync(
      new URL("../../src/web/i18n/translate.ts", import.meta.url),
      "utf8",
    );
    for (const match of translator.matchAll(/\bt\("([^"]+)"/g)) used.add(match[1] ?? "");
    // The admin pages' words for stored values: each table names its keys as string values.
    const adminWords = readFileSync(
      new URL("../../src/web/admin-words.ts", import.meta.url),
      "utf8",
    );
    for (const match of adminWords.matchAll(/[:(] ?"([a-zA-Z]+\.[a-zA-Z.]+)"/g))
      used.add(match[1] ?? "");
    for (const key of Object.keys(enMessages)) {
      if (key.startsWith("error.") || key.startsWith("notice.")) continue;
      assert.ok(used.has(key), `${key} is never used`);
    }
  });

  test("the translator fills placeholders, and refuses an unknown key", () => {
    const it = translatorFor("it");
    assert.equal(it.t("form.step", { step: 1, total: 2 }), "Metodo 1 di 2");
    assert.equal(
      it.t("form.rememberDevice", { days: 30 }),
      "Considera questo dispositivo come affidabile per 30 giorni",
    );
    assert.throws(() => it.t("no.such.key" as never));
    assert.equal(it.errorText("invalid_code"), "Il codice non è valido. Controllalo e riprova.");
    assert.equal(it.errorText("user_not_found"), "Utente non trovato.");
    assert.equal(it.errorText("toString"), itMessages["error.internal_error"]);
    assert.equal(it.noticeText("constructor"), undefined);
  });

  test("dates are in Rome's time zone, written in each language", () => {
    const summer = Date.UTC(2025, 7, 15, 22, 30); // 16 August 00:30 in Rome
    assert.equal(translatorFor("en").date(summer), "16 August 2025");
    assert.equal(translatorFor("it").date(summer), "16 agosto 2025");
    assert.equal(translatorFor("it").time(summer), "00:30");
    assert.equal(translatorFor("en").dateTime(summer), "16 Aug 2025, 00:30");
  });
});
