import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeSmsSegments } from "../../src/sender/sms/encode-sms-segments.ts";
import { parseSmppDeliveryReceipt } from "../../src/sender/sms/parse-smpp-delivery-receipt.ts";

test("GSM texts fit 160 septets in one part, 153 per part beyond, an extension character counting two", () => {
  assert.equal(encodeSmsSegments("a".repeat(160), 1).parts.length, 1);
  assert.equal(encodeSmsSegments("a".repeat(161), 1).parts.length, 2);
  assert.equal(encodeSmsSegments("€".repeat(80), 1).parts.length, 1);
  assert.equal(encodeSmsSegments(`${"€".repeat(80)}a`, 1).parts.length, 2);
  const plain = encodeSmsSegments("@£$ è€", 1);
  assert.equal(plain.dataCoding, 0);
  assert.deepEqual([...(plain.parts[0] ?? [])], [0x00, 0x01, 0x02, 0x20, 0x04, 0x1b, 0x65]);
});

test("a part never ends between an escape and its character", () => {
  // 152 septets, then "€" (two): it must open the second part whole.
  const { parts } = encodeSmsSegments(`${"a".repeat(152)}€${"b".repeat(10)}`, 7);
  assert.equal(parts.length, 2);
  const [first, second] = parts;
  assert.ok(first && second);
  assert.deepEqual([...first.subarray(0, 6)], [0x05, 0x00, 0x03, 7, 2, 1]);
  assert.equal(first.length, 6 + 152);
  assert.deepEqual([...second.subarray(0, 9)], [0x05, 0x00, 0x03, 7, 2, 2, 0x1b, 0x65, 0x62]);
});

test("UCS2 texts fit 70 code units in one part, 67 per part beyond, never splitting a surrogate pair", () => {
  assert.equal(encodeSmsSegments(`${"è".repeat(69)}ж`, 1).parts.length, 1);
  assert.equal(encodeSmsSegments("ж".repeat(71), 1).parts.length, 2);
  const { dataCoding, parts } = encodeSmsSegments(`a${"😀".repeat(40)}`, 300);
  assert.equal(dataCoding, 8);
  const [first, second] = parts;
  assert.ok(first && second);
  assert.equal(first[3], 300 & 0xff, "the reference wraps to one octet");
  // "a" and 33 emoji are 134 octets; the 34th emoji would not fit and goes whole to part two.
  assert.equal(first.length, 6 + 134);
  assert.equal(first.subarray(6).swap16().toString("utf16le"), `a${"😀".repeat(33)}`);
  assert.equal(Buffer.from(second.subarray(6)).swap16().toString("utf16le"), "😀".repeat(7));
});

test("a text of more than 255 parts is refused", () => {
  assert.throws(() => encodeSmsSegments("a".repeat(153 * 255 + 1), 1), RangeError);
  assert.equal(encodeSmsSegments("a".repeat(153 * 255), 1).parts.length, 255);
});

test("delivery receipts are read from Appendix B text or from TLVs, and only from receipts", () => {
  const text =
    "id:0123456789 sub:001 dlvrd:001 submit date:2612070930 done date:2612070931 stat:DELIVRD err:000 text:Il tuo codi";
  assert.deepEqual(
    parseSmppDeliveryReceipt({ esm_class: 0x04, short_message: { message: text } }),
    {
      messageId: "0123456789",
      stat: "DELIVRD",
      error: undefined,
      outcome: "delivered",
    },
  );
  assert.deepEqual(
    parseSmppDeliveryReceipt({
      esm_class: 0x04,
      short_message: { message: "" },
      receipted_message_id: "abc42",
      message_state: 8,
    }),
    { messageId: "abc42", stat: "REJECTD", error: undefined, outcome: "failed" },
  );
  for (const [stat, outcome] of [
    ["UNDELIV", "failed"],
    ["EXPIRED", "failed"],
    ["REJECTD", "failed"],
    ["ACCEPTD", undefined],
    ["ENROUTE", undefined],
  ] as const) {
    const receipt = parseSmppDeliveryReceipt({
      esm_class: 0x04,
      short_message: { message: `id:7 sub:001 dlvrd:000 stat:${stat} err:012 text:` },
    });
    assert.equal(receipt?.outcome, outcome, stat);
    assert.equal(receipt?.error, "012");
  }
  // A message from the phone (esm_class 0) that looks like a receipt is not one.
  assert.equal(
    parseSmppDeliveryReceipt({ esm_class: 0, short_message: { message: text } }),
    undefined,
  );
  assert.equal(
    parseSmppDeliveryReceipt({ esm_class: 0x04, short_message: { message: "nothing" } }),
    undefined,
  );
});
