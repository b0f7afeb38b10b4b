import { VarcoError } from "../errors/varco-error.ts";

/** Longest Base32 secret we accept from an import or an otpauth URI (80 bytes, beyond SHA-512's 64). */
export const maxImportedSecretLength = 128;

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// Value of each ASCII code in the alphabet, either case; -1 for everything else.
const valueOfCode = new Int8Array(128).fill(-1);
for (let value = 0; value < alphabet.length; value++) {
  const code = alphabet.charCodeAt(value);
  valueOfCode[code] = value;
  valueOfCode[code | 0x20] = value; // the lower-case letter; for the digits 2-7 the same code
}

// Characters left over in the last 8-character group, and the '=' that complete it (RFC 4648 §6).
const paddingAfter: Readonly<Record<number, number>> = { 2: 6, 4: 4, 5: 3, 7: 1 };

/** RFC 4648 Base32, upper case, unpadded unless asked: authenticator apps expect no '='. */
export function encodeBase32(bytes: Uint8Array, options: { padding?: boolean } = {}): string {
  let text = "";
  let bits = 0;
  let bitCount = 0;
  for (const byte of bytes) {
    bits = ((bits << 8) | byte) & 0xfff; // at most 4 + 8 bits are ever pending
    bitCount += 8;
    while (bitCount >= 5) {
      bitCount -= 5;
      text += alphabet.charAt((bits >>> bitCount) & 31);
    }
  }
  if (bitCount > 0) text += alphabet.charAt((bits << (5 - bitCount)) & 31);
  if (options.padding) text += "=".repeat(paddingAfter[text.length % 8] ?? 0);
  return text;
}

/**
 * Reads a secret as people type or paste it: any case, spaces anywhere (apps show keys in groups
 * of four), '=' padding optional but exact when present. Non-zero bits after the last whole byte
 * are ignored, as most authenticator apps do. `maxLength` counts characters without spaces or '='.
 */
export function decodeBase32(text: string, options: { maxLength?: number } = {}): Buffer {
  const maxLength = options.maxLength ?? Number.POSITIVE_INFINITY;
  const values = new Uint8Array(text.length);
  let length = 0;
  let paddingCount = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x20) continue;
    if (code === 0x3d) {
      paddingCount++;
      continue;
    }
    const value = code < 128 ? (valueOfCode[code] ?? -1) : -1;
    if (value < 0) {
      throw invalid(`${describeCharacter(text, index)} is not in the Base32 alphabet`);
    }
    if (paddingCount > 0)
      throw invalid(`${describeCharacter(text, index)} comes after '=' padding`);
    values[length++] = value;
    // Stop at once rather than scan a pasted megabyte to the end.
    if (length > maxLength) throw invalid(`longer than ${maxLength} characters`);
  }

  if (length === 0) throw invalid(paddingCount > 0 ? "has only padding" : "is empty");
  const leftOver = length % 8;
  const expectedPadding = paddingAfter[leftOver] ?? 0;
  if (leftOver !== 0 && expectedPadding === 0) {
    throw invalid(`${length} characters cannot be Base32: no whole number of bytes fits`);
  }
  if (paddingCount > 0 && paddingCount !== expectedPadding) {
    throw invalid(
      `${length} characters need ${expectedPadding} '=' of padding, not ${paddingCount}`,
    );
  }

  const bytes = Buffer.allocUnsafe(Math.floor((length * 5) / 8));
  let bits = 0;
  let bitCount = 0;
  let written = 0;
  for (let index = 0; index < length; index++) {
    bits = ((bits << 5) | (values[index] ?? 0)) & 0xfff; // at most 7 + 5 bits are ever pending
    bitCount += 5;
    if (bitCount >= 8) {
      bitCount -= 8;
      bytes[written++] = (bits >>> bitCount) & 0xff;
    }
  }
  return bytes;
}

/** "character '1' at position 4" (counted from 1, spaces included, as the person sees it). */
function describeCharacter(text: string, index: number): string {
  const codePoint = text.codePointAt(index) ?? 0;
  const shown =
    codePoint > 0x20 && codePoint < 0x7f
      ? `'${String.fromCodePoint(codePoint)}'`
      : `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
  return `character ${shown} at position ${index + 1}`;
}

function invalid(detail: string): VarcoError {
  return new VarcoError("invalid_base32", detail);
}
