import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createUser } from "../../src/directory/create-user.ts";
import type { User } from "../../src/directory/types.ts";
import type { ErrorCode } from "../../src/errors/codes.ts";
import { VarcoError } from "../../src/errors/varco-error.ts";
import { assignToken } from "../../src/hardware-tokens/assign-token.ts";
import { errorCsvLine, readTokenCsv } from "../../src/hardware-tokens/formats/token-csv.ts";
import { importTokens, type RefusedRow } from "../../src/hardware-tokens/import-tokens.ts";
import { refusalText } from "../../src/hardware-tokens/refusal.ts";
import { resyncHotpToken } from "../../src/hardware-tokens/resync-hotp.ts";
import { removeMethod } from "../../src/methods/remove-method.ts";
import { activateSoftwareOath } from "../../src/methods/software-oath/activate.ts";
import { encodeBase32 } from "../../src/otp/base32.ts";
import { findTokenBySerial } from "../../src/store/queries/hardware-tokens.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolHotp, oathtoolTotp } from "../support/oathtool.ts";
import { giveSecondFactor, signInWithPassword } from "../support/sign-in-events.ts";
import { testPassword } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const wordsOf = (row: RefusedRow | undefined) => (row ? refusalText(row.error) : "");

// Seed 001 "Token OATH" and seed 002: the inventory, assignment, activation, and signing in
// with a token; codes come from oathtool.

async function* lines(text: string) {
  yield text;
}

async function assertVarcoError(run: () => Promise<unknown>, code: ErrorCode) {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof VarcoError, String(error));
    assert.equal(error.code, code);
    return true;
  });
}

for (const kind of databaseKinds) {
  describe(`hardware OATH tokens on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(() => t.close());

    const importCsv = async (text: string, format: "seed" | "privacyidea" = "seed") => {
      const refused: RefusedRow[] = [];
      const summary = await importTokens(
        t.ctx,
        testActor,
        t.tenant,
        readTokenCsv(lines(text), format),
        {
          onRefused: (row) => {
            refused.push(row);
          },
        },
      );
      return { summary, refused };
    };
    const user = (upn: string) =>
      createUser(t.ctx, testActor, t.tenant, { upn, password: testPassword });
    const signInWithCode = async (u: User, code: string) => {
      const asked = await signInWithPassword(t.ctx, {
        tenant: t.tenant,
        upn: u.upn,
        password: testPassword,
        rememberedDeviceToken: null,
        client: { ip: "192.0.2.7", userAgent: "t" },
      });
      assert.equal(asked.kind, "second_factor", JSON.stringify(asked));
      if (asked.kind !== "second_factor") throw new Error("unreachable");
      return giveSecondFactor(t.ctx, {
        pendingToken: asked.pendingToken,
        proof: { kind: "code", code },
        rememberDevice: false,
        client: { ip: "192.0.2.7", userAgent: "t" },
      });
    };

    test("a CSV with good, bad and hostile rows: the good land, each bad one has its reason", async () => {
      const helga = await user("helga@contoso.it");
      await user("twice@contoso.it");
      const key = () => encodeBase32(randomBytes(20));
      const csv = [
        "upn,serial number,secret key,time interval,manufacturer,model",
        `helga@contoso.it,1234567,${key()},60,Contoso,HardwareKey`,
        `,FREE-1,${key()},30,Contoso,HardwareKey`,
        `nobody@contoso.it,GHOST-1,${key()},30,Contoso,HardwareKey`,
        `,FREE-1,${key()},30,Contoso,HardwareKey`,
        `twice@contoso.it,TWICE-1,${key()},30,Contoso,HardwareKey`,
        `twice@contoso.it,TWICE-2,${key()},30,Contoso,HardwareKey`,
        `,BAD-KEY,not*base32,30,Contoso,HardwareKey`,
        `,BAD-INTERVAL,${key()},45,Contoso,HardwareKey`,
        `,=cmd|' /C calc'!A0,${key()},30,Contoso,HardwareKey`,
        `,LONG,${key()},30,${"M".repeat(65)},HardwareKey`,
      ].join("\n");
      const { summary, refused } = await importCsv(csv);
      assert.deepEqual(summary, { imported: 3, assigned: 2, failed: 7 });
      assert.deepEqual(
        refused.map((r) => r.line),
        [4, 5, 7, 8, 9, 10, 11],
      );
      assert.match(wordsOf(refused[0]), /no user nobody@contoso.it/);
      // A row refused when its batch is written shows its cells as read, the time
      // interval in its own column (it once said "totp"), the key never.
      assert.deepEqual(refused[0]?.fields, [
        "nobody@contoso.it",
        "GHOST-1",
        "",
        "30",
        "Contoso",
        "HardwareKey",
      ]);
      assert.match(wordsOf(refused[1]), /FREE-1 appears more than once/);
      assert.match(wordsOf(refused[2]), /twice@contoso.it has a hardware token already/);
      for (const row of refused)
        assert.ok(!errorCsvLine(row).includes("=cmd") || errorCsvLine(row).includes("'=cmd"));
      const assigned = await findTokenBySerial(t.ctx.store.db, t.tenant.id, "1234567");
      assert.deepEqual(
        [assigned?.status, assigned?.userId, assigned?.period],
        ["assigned", helga.id, 60],
      );
      // A serial a spreadsheet would run is refused, not kept for the next export.
      assert.match(wordsOf(refused[5]), /serial number starts with = \+ - @/);
      assert.equal(
        await findTokenBySerial(t.ctx.store.db, t.tenant.id, "=cmd|' /C calc'!A0"),
        undefined,
      );

      // Imported again: every serial is taken now.
      const again = await importCsv(csv.split("\n").slice(0, 3).join("\n"));
      assert.deepEqual(again.summary, { imported: 0, assigned: 0, failed: 2 });
      assert.match(wordsOf(again.refused[0]), /already in the inventory/);
    });

    test("a TOTP token: assigned, activated with its code, then it signs in; a code counts once", async () => {
      const u = await user("totp-token@contoso.it");
      const secret = encodeBase32(randomBytes(20));
      await importCsv(
        `upn,serial number,secret key,time interval,manufacturer,model\n,TOTP-60,${secret},60,Contoso,K1\n`,
      );
      const token = await assignToken(t.ctx, testActor, t.tenant, u, "TOTP-60");
      assert.equal(token.status, "assigned");
      const now = () => oathtoolTotp(secret, { timeMs: t.clock.now(), period: 60 });
      await assertVarcoError(
        () =>
          activateSoftwareOath(t.ctx, testActor, t.tenant, u, {
            methodId: token.id,
            code: "000000",
          }),
        "invalid_code",
      );
      await activateSoftwareOath(t.ctx, testActor, t.tenant, u, {
        methodId: token.id,
        code: await now(),
      });
      assert.equal(
        (await findTokenBySerial(t.ctx.store.db, t.tenant.id, "TOTP-60"))?.status,
        "activated",
      );
      t.clock.advance(60_000);
      const code = await now();
      assert.equal((await signInWithCode(u, code)).kind, "signed_in");
      const [entry] = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
      assert.deepEqual([entry?.method_kind, entry?.method_id], ["hardwareOath", token.id]);
      const replay = await signInWithCode(u, code);
      assert.equal(replay.kind, "second_factor", "the same code again is refused");
    });

    test("an HOTP token (privacyIDEA CSV): look-ahead window, replay refused, resync from two codes", async () => {
      const u = await user("hotp-token@contoso.it");
      const hex = randomBytes(20).toString("hex");
      const { summary } = await importCsv(`HOTP-1, ${hex}, hotp, 6\n`, "privacyidea");
      assert.equal(summary.imported, 1);
      const token = await assignToken(t.ctx, testActor, t.tenant, u, "HOTP-1");
      await activateSoftwareOath(t.ctx, testActor, t.tenant, u, {
        methodId: token.id,
        code: await oathtoolHotp(hex, 0),
      });
      assert.equal((await signInWithCode(u, await oathtoolHotp(hex, 1))).kind, "signed_in");
      assert.equal(
        (await signInWithCode(u, await oathtoolHotp(hex, 1))).kind,
        "second_factor",
        "replay",
      );
      // Pressed 5 times without use: still inside the window.
      assert.equal((await signInWithCode(u, await oathtoolHotp(hex, 7))).kind, "signed_in");
      // An older code, skipped over, stays spent.
      assert.equal((await signInWithCode(u, await oathtoolHotp(hex, 5))).kind, "second_factor");
      // Pressed 50 times: beyond the window, until two consecutive codes resynchronise it.
      assert.equal((await signInWithCode(u, await oathtoolHotp(hex, 58))).kind, "second_factor");
      await assertVarcoError(
        () =>
          resyncHotpToken(t.ctx, testActor, t.tenant, {
            serialNumber: "HOTP-1",
            first: "000000",
            second: "111111",
          }),
        "hotp_resync_failed",
      );
      await resyncHotpToken(t.ctx, testActor, t.tenant, {
        serialNumber: "HOTP-1",
        first: await oathtoolHotp(hex, 60),
        second: await oathtoolHotp(hex, 61),
      });
      assert.equal(
        (await signInWithCode(u, await oathtoolHotp(hex, 61))).kind,
        "second_factor",
        "spent by the resync",
      );
      assert.equal((await signInWithCode(u, await oathtoolHotp(hex, 62))).kind, "signed_in");

      // Taken back, the token returns to the inventory with its counter; another user gets it.
      await removeMethod(t.ctx, testActor, u, token.id);
      assert.equal(
        (await findTokenBySerial(t.ctx.store.db, t.tenant.id, "HOTP-1"))?.status,
        "available",
      );
      const next = await user("hotp-next@contoso.it");
      await assignToken(t.ctx, testActor, t.tenant, next, "HOTP-1");
      const spent = await oathtoolHotp(hex, 62);
      await assertVarcoError(
        () =>
          activateSoftwareOath(t.ctx, testActor, t.tenant, next, {
            methodId: token.id,
            code: spent,
          }),
        "invalid_code",
      );
      await activateSoftwareOath(t.ctx, testActor, t.tenant, next, {
        methodId: token.id,
        code: await oathtoolHotp(hex, 63),
      });
    });

    test("one token per user, each token to one user, even when two assignments race", async () => {
      const a = await user("race-a@contoso.it");
      const b = await user("race-b@contoso.it");
      const key = () => encodeBase32(randomBytes(20));
      await importCsv(
        `upn,serial number,secret key,time interval,manufacturer,model\n,R-1,${key()},30,C,M\n,R-2,${key()},30,C,M\n`,
      );
      const both = await Promise.allSettled([
        assignToken(t.ctx, testActor, t.tenant, a, "R-1"),
        assignToken(t.ctx, testActor, t.tenant, b, "R-1"),
      ]);
      assert.equal(both.filter((r) => r.status === "fulfilled").length, 1);
      const holder = (await findTokenBySerial(t.ctx.store.db, t.tenant.id, "R-1"))?.userId;
      const holderUser = holder === a.id ? a : b;
      await assertVarcoError(
        () => assignToken(t.ctx, testActor, t.tenant, holderUser, "R-2"),
        "hardware_token_assigned",
      );
      await assertVarcoError(
        () => assignToken(t.ctx, testActor, t.tenant, a, "NO-SUCH"),
        "hardware_token_not_found",
      );
    });
  });
}
