import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { qrPng, qrSvg } from "../../src/web/qr.ts";
import { launchChromium } from "../support/chromium.ts";
import { otpauthUri } from "./sample-models.ts";
import { decodeQrPng } from "./zbar.ts";

describe("QR codes", () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser.close();
  });

  test("the PNG decodes to the otpauth URI", async () => {
    const png = await qrPng(otpauthUri);
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    // 8 pixels a module: a URI this long needs at least version 7 (45 modules) plus the margin.
    assert.ok(png.readUInt32BE(16) >= (45 + 8) * 8, `width ${png.readUInt32BE(16)}`);
    assert.equal(await decodeQrPng(png), otpauthUri);
  });

  test("the SVG is accessible markup with nothing to escape from", async () => {
    const svg = await qrSvg(otpauthUri, `Codice "QR" <per> l'app`);
    assert.match(svg, /^<svg role="img" aria-label="Codice &quot;QR&quot; &lt;per&gt; l&#39;app"/);
    assert.match(svg, /<title>Codice &quot;QR&quot; &lt;per&gt; l&#39;app<\/title>/);
    assert.ok(!svg.includes("JBSWY3DP"), "the secret is not written as text");
    assert.doesNotMatch(svg, /style|<script|\son\w+=/i);
    assert.match(await qrSvg("x"), /aria-label="QR code"/);
  });

  test("the SVG, drawn by Chromium, decodes to the otpauth URI", async () => {
    const page = await browser.newPage({ viewport: { width: 480, height: 480 } });
    try {
      await page.setContent(`<!doctype html><body>${await qrSvg(otpauthUri)}</body>`);
      const svg = page.locator("svg");
      await svg.evaluate((element) => element.setAttribute("width", "400"));
      assert.equal(await decodeQrPng(await svg.screenshot()), otpauthUri);
    } finally {
      await page.close();
    }
  });
});
