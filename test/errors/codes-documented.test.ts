import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { errorCodes } from "../../src/errors/codes.ts";

test("every error code is documented in docs/errors.md, and every documented code exists", () => {
  const doc = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");
  const documented = [...doc.matchAll(/^\| `([a-z0-9_]+)` +\|/gm)].map((m) => m[1]);
  assert.deepEqual(documented, Object.keys(errorCodes));
});

test("every error code has an English and an Italian message", () => {
  for (const [code, entry] of Object.entries(errorCodes)) {
    assert.ok(entry.en.length > 0 && entry.it.length > 0, code);
    assert.ok(entry.status >= 400 && entry.status < 600, code);
  }
});

test("every sign-in reason and audit action written by the code is documented in docs/events.md", () => {
  const doc = readFileSync(new URL("../../docs/events.md", import.meta.url), "utf8");
  const flow = readFileSync(
    new URL("../../src/flows/validate-second-factor.ts", import.meta.url),
    "utf8",
  );
  const reasons = [
    ...(flow.match(/export type ValidateReason =([^;]+);/)?.[1] ?? "").matchAll(/"([a-z_]+)"/g),
  ];
  assert.ok(reasons.length >= 7);
  for (const [, reason] of reasons) assert.ok(doc.includes(`\`${reason}\``), reason);
  const { execFileSync } = process.getBuiltinModule("node:child_process");
  // Audit actions are sentences ("Add user"); form actions are paths and do not count.
  const actions = execFileSync("git", ["grep", "-h", "-o", 'action: "[A-Z][^"]*"', "--", "src"], {
    encoding: "utf8",
  })
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice('action: "'.length, -1));
  assert.ok(actions.length >= 8);
  for (const action of actions) assert.ok(doc.includes(`\`${action}\``), action);
});
