import assert from "node:assert/strict";
import { test } from "node:test";
import { logEntryId } from "../../src/store/log-entry-id.ts";

test("log entry ids are UUIDv7 and sort in the order they were made, even within a millisecond", () => {
  const ids = Array.from({ length: 5000 }, () => logEntryId());
  for (const id of ids)
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  const ms = Number.parseInt(ids[0]?.replaceAll("-", "").slice(0, 12) ?? "", 16);
  assert.ok(Math.abs(ms - Date.now()) < 60_000, "the id starts with the time it was made");
});
