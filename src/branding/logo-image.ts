import { VarcoError } from "../errors/varco-error.ts";

/** At most 100 KiB and 1024 pixels a side: a logo for a page header, not a photograph. */
export const maxLogoBytes = 100 * 1024;
export const maxLogoSide = 1024;

export type LogoImage = {
  readonly type: "image/png" | "image/jpeg";
  readonly width: number;
  readonly height: number;
};

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const pngEnd = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

/**
 * A logo checked by its own bytes, never by a name or a declared type: a PNG (signature, IHDR
 * first, IEND last) or a baseline or progressive JPEG (SOI, a frame header, EOI). SVG is refused
 * because it can carry script; anything else with logo_not_png_or_jpeg. The type found here is
 * the `Content-Type` the logo is served with.
 */
export function checkLogo(bytes: Uint8Array): LogoImage {
  if (bytes.length > maxLogoBytes) {
    throw new VarcoError(
      "logo_too_large",
      `the logo has ${bytes.length} bytes; at most ${maxLogoBytes}`,
    );
  }
  const image = pngOf(bytes) ?? jpegOf(bytes);
  if (!image) throw new VarcoError("logo_not_png_or_jpeg", "the file is neither PNG nor JPEG");
  if (
    image.width < 1 ||
    image.height < 1 ||
    image.width > maxLogoSide ||
    image.height > maxLogoSide
  ) {
    throw new VarcoError(
      "logo_dimensions_too_large",
      `the logo is ${image.width}×${image.height} pixels; at most ${maxLogoSide}×${maxLogoSide}`,
    );
  }
  return image;
}

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) =>
  prefix.every((byte, i) => bytes[at + i] === byte);

function pngOf(bytes: Uint8Array): LogoImage | undefined {
  if (bytes.length < 8 + 25 + 12 || !startsWith(bytes, pngSignature)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ihdr = view.getUint32(8) === 13 && startsWith(bytes, [0x49, 0x48, 0x44, 0x52], 12);
  if (!ihdr || !startsWith(bytes, pngEnd, bytes.length - pngEnd.length)) return undefined;
  return { type: "image/png", width: view.getUint32(16), height: view.getUint32(20) };
}

// The JPEG start-of-frame markers that carry the size (C4, C8 and CC are other segments).
const frameMarkers = new Set([
  0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf,
]);

function jpegOf(bytes: Uint8Array): LogoImage | undefined {
  if (bytes.length < 4 || !startsWith(bytes, [0xff, 0xd8, 0xff])) return undefined;
  if (!startsWith(bytes, [0xff, 0xd9], bytes.length - 2)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = view.getUint16(at + 2);
    if (length < 2) return undefined;
    if (frameMarkers.has(marker)) {
      if (at + 9 > bytes.length) return undefined;
      return { type: "image/jpeg", height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += 2 + length;
  }
  return undefined;
}
