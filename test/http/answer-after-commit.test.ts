import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { after, before, test } from "node:test";
import { createEnrolledUser } from "../support/enrolled-user.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { openTestApp, type TestApp } from "../support/test-app.ts";
import { type ValidateClient, validateClient } from "../support/validate-client.ts";

// SQLite commits writes in groups, after the turn of the event loop that made them. An answer
// must still mean its writes are on disk: an "accept" whose claim is lost in a crash would let
// the same code in again.
let t: TestApp;
let client: ValidateClient;
let other: DatabaseSync;
before(async () => {
  t = await openTestApp("sqlite");
  client = await validateClient(t);
  other = new DatabaseSync(t.database.url.slice("sqlite:".length), { readOnly: true });
});
after(async () => {
  other.close();
  await client.server.close();
  await t.close();
});

test("when validate answers, another connection already sees the claim and the log entry", async () => {
  const enrolled = await createEnrolledUser(t, "durable@example.it");
  const code = await oathtoolTotp(enrolled.secret, { timeMs: t.clock.now() });
  const answer = await client.validate({ upn: "durable@example.it", code });
  assert.equal(answer.body.result, "accept");
  const method = other
    .prepare("select last_step from auth_methods where id = ?")
    .get(enrolled.methodId) as { last_step: number | null };
  assert.equal(method.last_step, Math.floor(t.clock.now() / 30_000));
  const logged = other
    .prepare("select result from sign_in_log where upn = ?")
    .all("durable@example.it") as { result: string }[];
  assert.deepEqual(
    logged.map((row) => row.result),
    ["success"],
  );
});
