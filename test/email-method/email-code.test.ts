import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { createUser } from "../../src/directory/create-user.ts";
import { sendEmailCode } from "../../src/methods/email/send-email-code.ts";
import { verifyEmailCode } from "../../src/methods/email/verify-email-code.ts";
import { sweepExpired } from "../../src/store/sweep-expired.ts";
import { databaseKinds } from "../support/databases.ts";
import type { TestApp } from "../support/test-app.ts";
import { testActor } from "../support/test-app.ts";
import { codeMailedTo, type EmailTestApp, openEmailTestApp, otherCode } from "./support.ts";

const run = promisify(execFile);
const minute = 60_000;

// The codes self-service password reset e-mails (sendEmailCode, verifyEmailCode): through a real
// SMTP server, good for 10 minutes, five tries, one use, bound to purpose and asker; nothing
// of them in the database but a keyed hash.
for (const kind of databaseKinds) {
  describe(`e-mailed codes on ${kind}`, () => {
    let app: EmailTestApp;
    before(async () => {
      app = await openEmailTestApp(kind);
    });
    after(() => app.close());
    let n = 0;
    const newUser = () =>
      createUser(app.ctx, testActor, app.t.tenant, { upn: `reset.${++n}@scuola.example.it` });
    const send = async (
      boundTo: string,
      address: string,
      purpose: "registration" | "passwordReset" = "passwordReset",
      language: "it" | "en" = "en",
    ) => {
      const user = await newUser();
      const outcome = await sendEmailCode(app.ctx, app.t.tenant, user, {
        purpose,
        boundTo,
        address,
        language,
      });
      assert.equal(outcome, "sent");
      return { user, code: codeMailedTo(app.received, address) };
    };

    test("the reset mail says what the code is for, in the user's language; the right code works once", async () => {
      const { code } = await send("reset-1", "giulia@posta.example.org", "passwordReset", "it");
      const mail = app.received.at(-1);
      assert.match(
        mail?.text ?? "",
        /Per reimpostare la password dell'account reset\.\d+@scuola\.example\.it/,
      );
      assert.match(mail?.text ?? "", /scade tra 10 minuti/);
      assert.match(mail?.text ?? "", /Non comunicarlo a nessuno/);
      assert.equal(
        await verifyEmailCode(app.ctx, { purpose: "registration", boundTo: "reset-1", code }),
        false,
        "another purpose",
      );
      assert.equal(
        await verifyEmailCode(app.ctx, { purpose: "passwordReset", boundTo: "reset-2", code }),
        false,
        "another asker",
      );
      assert.equal(
        await verifyEmailCode(app.ctx, { purpose: "passwordReset", boundTo: "reset-1", code }),
        true,
      );
      assert.equal(
        await verifyEmailCode(app.ctx, { purpose: "passwordReset", boundTo: "reset-1", code }),
        false,
        "a used code is refused",
      );
    });

    test("a wrong code is refused and the right one still works after it", async () => {
      const { code } = await send("reset-wrong", "wrong@posta.example.org");
      for (const typed of [otherCode(code), "", "abcdef", `${code}0`]) {
        assert.equal(
          await verifyEmailCode(app.ctx, {
            purpose: "passwordReset",
            boundTo: "reset-wrong",
            code: typed,
          }),
          false,
          typed,
        );
      }
      assert.equal(
        await verifyEmailCode(app.ctx, { purpose: "passwordReset", boundTo: "reset-wrong", code }),
        true,
        "4 wrong tries leave the fifth",
      );
    });

    test("five wrong codes and the code is dead, the right one included", async () => {
      const { code } = await send("reset-dead", "dead@posta.example.org");
      for (let i = 0; i < 5; i++) {
        assert.equal(
          await verifyEmailCode(app.ctx, {
            purpose: "passwordReset",
            boundTo: "reset-dead",
            code: otherCode(code),
          }),
          false,
        );
      }
      assert.equal(
        await verifyEmailCode(app.ctx, { purpose: "passwordReset", boundTo: "reset-dead", code }),
        false,
      );
    });

    test("a code expires after 10 minutes, and is then swept", async () => {
      const early = await send("reset-early", "early@posta.example.org");
      const late = await send("reset-late", "late@posta.example.org");
      app.t.clock.advance(10 * minute - 1);
      assert.equal(
        await verifyEmailCode(app.ctx, {
          purpose: "passwordReset",
          boundTo: "reset-early",
          code: early.code,
        }),
        true,
        "still good within 10 minutes",
      );
      app.t.clock.advance(1);
      assert.equal(
        await verifyEmailCode(app.ctx, {
          purpose: "passwordReset",
          boundTo: "reset-late",
          code: late.code,
        }),
        false,
      );
      const removed = await sweepExpired(app.ctx.store.db, app.t.clock.now());
      assert.ok(removed.email_codes >= 2, JSON.stringify(removed));
    });

    test("no code is in the database in clear, nor an address in the counters", async () => {
      const codes: string[] = [];
      for (let i = 0; i < 3; i++)
        codes.push((await send(`reset-dump-${i}`, `dump${i}@posta.example.org`)).code);
      const dump = await dumpDatabase(app.t);
      assert.ok(
        dump.includes("dump0@posta.example.org"),
        "the dump is readable: the check can fail",
      );
      // A code as a number of its own: timestamps hold any six digits inside longer runs.
      for (const code of codes)
        assert.doesNotMatch(dump, new RegExp(`(?<![0-9])${code}(?![0-9])`), "a code in clear");
      const counters = await app.ctx.store.db.selectFrom("counters").select("key").execute();
      assert.ok(counters.some((c) => c.key.startsWith("email-address:")));
      assert.ok(!counters.some((c) => c.key.includes("@")), "the address is counted by its hash");
    });
  });
}

async function dumpDatabase(t: TestApp): Promise<string> {
  if (t.database.kind === "postgres") {
    const { stdout } = await run("pg_dump", ["--data-only", t.database.url], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  }
  const file = t.database.url.slice("sqlite:".length);
  const dir = join(file, "..");
  return Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name)))).toString(
    "latin1",
  );
}
