import assert from "node:assert/strict";
import { test } from "node:test";
import { onePerCore } from "../../src/crypto/one-per-core.ts";

test("no more jobs run at once than there are cores; the rest start in order as cores free up", async () => {
  const limit = onePerCore(2);
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const job = (n: number) =>
    limit(async () => {
      started.push(n);
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return n * 10;
    });
  const results = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(job));
  assert.deepEqual(results, [10, 20, 30, 40, 50, 60, 70]);
  assert.equal(most, 2);
  assert.deepEqual(started, [1, 2, 3, 4, 5, 6, 7]);
});

test("a job that fails frees its core, and its caller gets the error", async () => {
  const limit = onePerCore(1);
  await assert.rejects(
    limit(async () => {
      throw new Error("boom");
    }),
    /boom/,
  );
  assert.equal(await limit(async () => "next"), "next");
});
