import { VarcoError } from "../errors/varco-error.ts";

/**
 * The accent colour fills the buttons under white text and colours the links on the page's
 * light background (varco.css: `--primary`, `--link`, `--page`). Both must reach WCAG 2.1 AA's
 * 4.5:1 contrast for normal text (success criterion 1.4.3), so a colour is checked against the
 * lighter of the two backgrounds as well as under white text.
 */
export const minimumContrast = 4.5;
const white = "#ffffff";
const pageBackground = "#f3f4f6";

/** `#rrggbb` (or `#rgb`), any case: the colour as `#rrggbb` in lowercase, or invalid_accent_colour. */
export function parseAccentColour(text: string): string {
  const value = text.trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(value);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  if (/^#[0-9a-f]{6}$/.test(value)) return value;
  throw new VarcoError("invalid_accent_colour", "write the colour as #rrggbb, such as #0b4f8a");
}

/** A checked accent colour (parseAccentColour), refused with accent_colour_low_contrast when too light. */
export function checkAccentColour(text: string): string {
  const colour = parseAccentColour(text);
  const ratio = Math.min(contrastRatio(colour, white), contrastRatio(colour, pageBackground));
  if (ratio < minimumContrast) {
    throw new VarcoError(
      "accent_colour_low_contrast",
      `${colour} has a contrast of ${ratio.toFixed(2)}:1 with white text and the page; ${minimumContrast}:1 is needed`,
    );
  }
  return colour;
}

/** WCAG 2.1's contrast ratio of two `#rrggbb` colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}

/** WCAG 2.1's relative luminance of an sRGB `#rrggbb` colour. */
function relativeLuminance(colour: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(colour.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** A darker shade of `colour` for hovered buttons: each channel at three quarters. */
export function darkerShade(colour: string): string {
  const channel = (offset: number) =>
    Math.round(Number.parseInt(colour.slice(offset, offset + 2), 16) * 0.75)
      .toString(16)
      .padStart(2, "0");
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}
