/**
 * How a text becomes the `short_message` octets of one or more SMPP `submit_sm`s.
 *
 * The alphabet: the GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1, with its extension table
 * reached through the escape 0x1B) when every character of the text is in it, sent unpacked, one
 * septet per octet, with data_coding 0 (SMPP 3.4 §5.2.19: "SMSC Default Alphabet"); otherwise UCS2
 * (data_coding 8), UTF-16BE, which carries every character, emoji as surrogate pairs.
 *
 * Long texts are split with a concatenation header in the user data (3GPP TS 23.040 §9.2.3.24.1,
 * information element 0x00 with an 8-bit reference) rather than sent whole in `message_payload`:
 * every SMSC passes a UDH through, because the phone reassembles the parts, whereas
 * `message_payload` is optional in SMPP 3.4 and many operators refuse or truncate it. A part never
 * ends in the middle of an escape pair or of a surrogate pair, so each part is decodable alone.
 */

const gsmBasic =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/** The extension table: character → the septet that follows the escape. */
const gsmExtension: ReadonlyMap<string, number> = new Map([
  ["\f", 0x0a],
  ["^", 0x14],
  ["{", 0x28],
  ["}", 0x29],
  ["\\", 0x2f],
  ["[", 0x3c],
  ["~", 0x3d],
  ["]", 0x3e],
  ["|", 0x40],
  ["€", 0x65],
]);

const gsmBasicIndex: ReadonlyMap<string, number> = new Map(
  [...gsmBasic].map((character, index) => [character, index]),
);

export const dataCodingGsm = 0x00;
export const dataCodingUcs2 = 0x08;
/** esm_class bit 6: the short message starts with a user data header. */
export const esmClassUdhIndicator = 0x40;

const maxParts = 255;

export type EncodedSms = {
  readonly dataCoding: typeof dataCodingGsm | typeof dataCodingUcs2;
  /** Each part's octets, the concatenation header already in front when there is more than one. */
  readonly parts: readonly Buffer[];
};

/**
 * Encodes `text` for SMPP. One part when it fits (160 GSM septets, 70 UCS2 code units), else parts
 * of 153 septets or 67 code units, each behind a 6-octet concatenation header carrying `reference`
 * (taken modulo 256), the count and the part's number. Throws when the text would need more than
 * 255 parts, the most a header can number.
 */
export function encodeSmsSegments(text: string, reference: number): EncodedSms {
  const gsm = encodeGsmSeptets(text);
  const units = gsm ?? [...text].map((character) => Buffer.from(character, "utf16le").swap16());
  const single = gsm ? 160 : 140;
  const perPart = gsm ? 153 : 134;
  const dataCoding = gsm ? dataCodingGsm : dataCodingUcs2;
  const total = units.reduce((sum, unit) => sum + unit.length, 0);
  if (total <= single) return { dataCoding, parts: [Buffer.concat(units)] };

  const bodies: Buffer[][] = [[]];
  let used = 0;
  for (const unit of units) {
    if (used + unit.length > perPart) {
      bodies.push([]);
      used = 0;
    }
    bodies.at(-1)?.push(unit);
    used += unit.length;
  }
  if (bodies.length > maxParts) {
    throw new RangeError(`an SMS of ${bodies.length} parts is longer than ${maxParts} parts`);
  }
  const parts = bodies.map((body, index) =>
    Buffer.concat([
      Buffer.from([0x05, 0x00, 0x03, reference & 0xff, bodies.length, index + 1]),
      ...body,
    ]),
  );
  return { dataCoding, parts };
}

/** The text as GSM septets, one buffer per character (two octets for the extension table). */
function encodeGsmSeptets(text: string): Buffer[] | undefined {
  const septets: Buffer[] = [];
  for (const character of text) {
    // The escape itself is no character of a text: a text that holds one goes as UCS2.
    if (character === "\u001b") return undefined;
    const basic = gsmBasicIndex.get(character);
    if (basic !== undefined) {
      septets.push(Buffer.from([basic]));
      continue;
    }
    const extended = gsmExtension.get(character);
    if (extended === undefined) return undefined;
    septets.push(Buffer.from([0x1b, extended]));
  }
  return septets;
}
