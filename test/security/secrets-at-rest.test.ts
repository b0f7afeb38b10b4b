import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { enrolSoftwareOath } from "../../src/methods/software-oath/enrol.ts";
import { issueTemporaryAccessPass } from "../../src/methods/temporary-access-pass/issue.ts";
import { decodeBase32, encodeBase32 } from "../../src/otp/base32.ts";
import { createScimToken } from "../../src/scim/tokens/create-scim-token.ts";
import { databaseKinds } from "../support/databases.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const run = promisify(execFile);

// DESIGN invariant 3: a dump of the database gives an attacker no usable second factor.
for (const kind of databaseKinds) {
  describe(`a dump of the ${kind} database`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(() => t.close());

    test("holds no OTP seed, API key, SCIM token, Temporary Access Pass or password in clear", async () => {
      const password = "Sup3r-secret-password";
      const user = await createUser(t.ctx, testActor, t.tenant, {
        upn: "dump@example.it",
        password,
      });
      const seeds: Buffer[] = [];
      for (const algorithm of ["SHA1", "SHA256", "SHA512"] as const) {
        const { secret } = await enrolSoftwareOath(t.ctx, testActor, t.tenant, user, {
          label: algorithm,
          parameters: { algorithm, digits: 6, period: 30 },
        });
        seeds.push(decodeBase32(secret));
      }
      const { key } = await createApiKey(t.ctx, testActor, t.tenant, { name: "dump" });
      const { token: scimToken } = await createScimToken(t.ctx, testActor, t.tenant, {
        name: "dump",
      });
      const { pass } = await issueTemporaryAccessPass(t.ctx, testActor, t.tenant, user, {});
      const dump = await dumpDatabase(t);

      assert.ok(
        dump.includes(Buffer.from("dump@example.it")),
        "the dump is readable: the check can fail",
      );
      const forbidden = [
        Buffer.from(password),
        Buffer.from(pass),
        Buffer.from(key),
        Buffer.from(key.slice("varco_".length)),
        Buffer.from(scimToken.slice("varco_scim_".length)),
        ...seeds.flatMap((seed) => [
          seed,
          Buffer.from(seed.toString("hex")),
          Buffer.from(seed.toString("base64")),
          Buffer.from(seed.toString("base64url")),
        ]),
      ];
      for (const value of forbidden) assert.equal(dump.includes(value), false);
      const text = dump.toString("latin1").toUpperCase();
      for (const seed of seeds)
        assert.equal(text.includes(encodeBase32(seed)), false, "no Base32 seed");
    });
  });
}

async function dumpDatabase(t: TestApp): Promise<Buffer> {
  if (t.database.kind === "postgres") {
    const { stdout } = await run("pg_dump", ["--data-only", t.database.url], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return Buffer.from(stdout);
  }
  // The database file and its write-ahead log: both are what a stolen disk or backup holds.
  const file = t.database.url.slice("sqlite:".length);
  const dir = join(file, "..");
  return Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name))));
}
