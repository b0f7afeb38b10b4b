import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  checkAccentColour,
  contrastRatio,
  parseAccentColour,
} from "../../src/branding/accent-colour.ts";
import { checkLogo, maxLogoBytes } from "../../src/branding/logo-image.ts";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { jpegLogo, pngImage, svgWithScript } from "../support/images.ts";

const refusedWith = (code: string) => (error: unknown) => isVarcoError(error, code as never);

describe("the accent colour", () => {
  test("WCAG 2.1's contrast ratio: black on white is 21:1, a colour on itself 1:1", () => {
    assert.equal(contrastRatio("#000000", "#ffffff"), 21);
    assert.equal(contrastRatio("#0b4f8a", "#0b4f8a"), 1);
    // #767676 is the lightest grey that passes AA on white: 4.54:1.
    assert.equal(contrastRatio("#767676", "#ffffff").toFixed(2), "4.54");
  });

  test("#rrggbb and #rgb, any case, become #rrggbb in lowercase; anything else is refused", () => {
    assert.equal(parseAccentColour(" #0B4F8A "), "#0b4f8a");
    assert.equal(parseAccentColour("#05a"), "#0055aa");
    for (const bad of ["0b4f8a", "#0b4f8", "#0b4f8a00", "red", "#ggg", "rgb(0,0,0)", ""]) {
      assert.throws(() => parseAccentColour(bad), refusedWith("invalid_accent_colour"), bad);
    }
  });

  test("a colour below 4.5:1 under white text or on the page is refused, saying its ratio", () => {
    assert.equal(checkAccentColour("#0b4f8a"), "#0b4f8a");
    assert.equal(checkAccentColour("#000"), "#000000");
    // #0a5 (#00aa55) reads at 3.05:1 under white text; #767676 passes on white, not on the page.
    for (const light of ["#0a5", "#ffd500", "#ffffff", "#767676"]) {
      assert.throws(
        () => checkAccentColour(light),
        (error: unknown) =>
          isVarcoError(error, "accent_colour_low_contrast") && /:1/.test(error.detail ?? ""),
        light,
      );
    }
  });
});

describe("the logo", () => {
  test("a PNG and a JPEG are recognised by their bytes, with their size", () => {
    assert.deepEqual(checkLogo(pngImage(120, 40, [11, 79, 138])), {
      type: "image/png",
      width: 120,
      height: 40,
    });
    assert.deepEqual(checkLogo(jpegLogo), { type: "image/jpeg", width: 48, height: 24 });
  });

  test("SVG, GIF, text, an empty file and a cut PNG or JPEG are refused as no PNG or JPEG", () => {
    const png = pngImage(10, 10, [0, 0, 0]);
    const gif = Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1");
    for (const [name, bytes] of [
      ["svg", svgWithScript],
      ["gif", gif],
      ["text", Buffer.from("hello")],
      ["empty", Buffer.alloc(0)],
      ["cut png", png.subarray(0, png.length - 5)],
      ["cut jpeg", jpegLogo.subarray(0, jpegLogo.length - 2)],
      ["html after a png signature", Buffer.concat([png.subarray(0, 8), Buffer.from("<html>")])],
    ] as const) {
      assert.throws(() => checkLogo(bytes), refusedWith("logo_not_png_or_jpeg"), name);
    }
  });

  test("over 100 KiB or over 1024 pixels a side is refused with its own code", () => {
    const big = Buffer.concat([pngImage(10, 10, [0, 0, 0]), Buffer.alloc(maxLogoBytes)]);
    assert.throws(() => checkLogo(big), refusedWith("logo_too_large"));
    assert.throws(
      () => checkLogo(pngImage(1025, 1, [0, 0, 0])),
      refusedWith("logo_dimensions_too_large"),
    );
    assert.throws(
      () => checkLogo(pngImage(1, 2000, [0, 0, 0])),
      refusedWith("logo_dimensions_too_large"),
    );
  });
});
