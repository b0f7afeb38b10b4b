import assert from "node:assert/strict";
import type { ErrorCode } from "../../src/errors/codes.ts";
import { VarcoError } from "../../src/errors/varco-error.ts";

/** Asserts `run` throws a VarcoError with this code and a detail matching `detail`. */
export function assertVarcoError(run: () => unknown, code: ErrorCode, detail: RegExp | string) {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof VarcoError, `expected a VarcoError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (typeof detail === "string") assert.equal(error.detail, detail);
    else assert.match(error.detail ?? "", detail);
    return true;
  });
}
