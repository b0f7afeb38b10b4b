import { randomUUID } from "node:crypto";

let lastMs = 0;
let sequence = 0;

/**
 * A UUIDv7 (RFC 9562) for log entries: ids sort in the order this process wrote them, even
 * within one millisecond (a 12-bit counter in rand_a, method 1 of the RFC), so a log read by
 * (time, id) shows events in the order they happened.
 */
export function logEntryId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    sequence += 1;
    if (sequence > 0xfff) {
      lastMs += 1;
      sequence = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    sequence = 0;
  }
  const time = ms.toString(16).padStart(12, "0");
  const counter = (0x7000 | sequence).toString(16);
  // The random tail of a v4 UUID: its variant bits are already RFC 9562's, and node:crypto
  // draws UUIDs from a buffered pool, far cheaper than a call for 16 random bytes per entry.
  return `${time.slice(0, 8)}-${time.slice(8)}-${counter}-${randomUUID().slice(19)}`;
}
