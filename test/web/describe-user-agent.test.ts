import assert from "node:assert/strict";
import { test } from "node:test";
import { describeUserAgent } from "../../src/web/describe-user-agent.ts";
import { translatorFor } from "../../src/web/i18n/translate.ts";

test("common browsers are named with their version and system", () => {
  const cases: [string, string, string | null][] = [
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      "Chrome 131",
      "Windows",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
      "Edge 131",
      "Windows",
    ],
    [
      "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
      "Firefox 133",
      "Linux",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
      "Safari 18",
      "iOS",
    ],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
      "Safari 17",
      "macOS",
    ],
    [
      "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
      "Samsung Internet 26",
      "Android",
    ],
    ["Mozilla/5.0 (compatible) Chrome/120.0", "Chrome 120", null],
    // Chromium driven by a script, as browser tests and kiosks run it.
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/142.0.7444.59 Safari/537.36",
      "Chrome 142",
      "Linux",
    ],
  ];
  for (const [userAgent, browser, os] of cases) {
    assert.deepEqual(describeUserAgent(userAgent), { browser, os }, userAgent);
  }
  assert.equal(describeUserAgent("curl/8.5.0"), null);
});

test("pages say it in their language, and show an unknown header shortened", () => {
  const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
  assert.equal(translatorFor("en").browser(firefox), "Firefox 133 on Linux");
  assert.equal(translatorFor("it").browser(firefox), "Firefox 133 su Linux");
  assert.equal(translatorFor("it").browser(null), "Browser sconosciuto");
  assert.equal(translatorFor("en").browser("curl/8.5.0"), "curl/8.5.0");
  assert.equal(translatorFor("en").browser("x".repeat(100)), `${"x".repeat(59)}…`);
});
