import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { readTokenCsv } from "../../src/hardware-tokens/formats/token-csv.ts";
import { importTokens } from "../../src/hardware-tokens/import-tokens.ts";
import { decodeBase32, encodeBase32 } from "../../src/otp/base32.ts";
import { generateTotp } from "../../src/otp/totp.ts";
import { createEnrolledUser } from "../support/enrolled-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { type ValidateClient, validateClient } from "../support/validate-client.ts";

// During a 200,000-row import on SQLite, validate calls waited behind the import's
// write transactions (180 to 415 ms instead of 3). SQLite has one writer, so an import must
// leave it, and the event loop, between short batches. What is checked here is the order of
// events, never a duration: validate calls made one after another while a 30,000-row upload
// streams in all succeed, many of them before the import ends, and none waits while the import
// writes more than a few of its 250-row batches.

const rowCount = 30_000;
/** The most rows the import may write while one validate call waits: batches of 1,000 let 2,000. */
const mostRowsPerCall = 1_000;

/** A token CSV of `rows` unassigned tokens, streamed in chunks as an upload arrives. */
async function* tokenCsv(rows: number): AsyncGenerator<string> {
  let chunk = "upn,serial number,secret key,time interval,manufacturer,model\n";
  for (let i = 0; i < rows; i++) {
    chunk += `,LIVE-${String(i).padStart(6, "0")},${encodeBase32(randomBytes(20))},30,Contoso,K\n`;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = "";
    }
  }
  yield chunk;
}

describe("a large token import beside live traffic on sqlite", () => {
  let t: TestApp;
  let client: ValidateClient;
  before(async () => {
    t = await openTestApp("sqlite");
    client = await validateClient(t);
  });
  after(async () => {
    await client.server.close();
    await t.close();
  });

  test("validate calls made during a 30,000-row import all succeed, interleaved with its batches", async () => {
    const enrolled = await createEnrolledUser(t, "live@example.it");
    const key = decodeBase32(enrolled.secret);
    // A fresh time step for each call, so each code is accepted once.
    const nextCode = () => {
      t.clock.advance(30_000);
      return generateTotp(key, { timeMs: t.clock.now(), ...enrolled.parameters });
    };
    assert.equal((await client.validate({ upn: "live@example.it", code: nextCode() })).status, 200);

    let imported = 0;
    let importing = true;
    const importing$ = importTokens(
      t.ctx,
      testActor,
      t.tenant,
      readTokenCsv(tokenCsv(rowCount), "seed"),
      {
        onRefused: (row) => assert.fail(`line ${row.line} refused`),
        onBatch: (summary) => {
          imported = summary.imported;
        },
      },
    ).finally(() => {
      importing = false;
    });

    // One call after another, as long as the import runs: each records how far the import had
    // got when the answer came.
    const calls: {
      status: number;
      result: unknown;
      importedBefore: number;
      importedAfter: number;
      during: boolean;
    }[] = [];
    while (importing) {
      const importedBefore = imported;
      const answer = await client.validate({ upn: "live@example.it", code: nextCode() });
      calls.push({
        status: answer.status,
        result: answer.body.result,
        importedBefore,
        importedAfter: imported,
        during: importing,
      });
    }
    const summary = await importing$;
    assert.deepEqual(summary, { imported: rowCount, assigned: 0, failed: 0 });

    for (const call of calls) assert.deepEqual([call.status, call.result], [200, "accept"]);
    const during = calls.filter((call) => call.during);
    assert.ok(during.length >= 10, `${during.length} calls answered before the import ended`);
    const answeredAt = new Set(during.map((call) => call.importedAfter));
    assert.ok(answeredAt.size >= 5, "answers came at many points of the import, not in a burst");
    for (const call of calls) {
      assert.ok(
        call.importedAfter - call.importedBefore <= mostRowsPerCall,
        `a call waited while ${call.importedAfter - call.importedBefore} rows were written`,
      );
    }
  });
});
