/**
 * What a row of `phone_messages` says of its message or call (docs/phone.md, "The record"): an
 * SMS goes `sending` → `sent` or `failed`, then `delivered` or `undelivered` by its report; a call
 * goes `calling` → `approved`, `denied` or `fraud` (or `failed`); a code or call spent is `used`.
 */
export const phoneMessageStatuses = [
  "sending",
  "sent",
  "failed",
  "delivered",
  "undelivered",
  "calling",
  "approved",
  "denied",
  "fraud",
  "used",
] as const;

export type PhoneMessageStatus = (typeof phoneMessageStatuses)[number];
