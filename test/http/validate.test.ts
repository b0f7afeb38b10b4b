import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { revokeApiKey } from "../../src/api-keys/revoke-api-key.ts";
import { findUser } from "../../src/directory/find-user.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { listApiKeys } from "../../src/store/queries/api-keys.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { createEnrolledUser } from "../support/enrolled-user.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { type ValidateClient, validateClient } from "../support/validate-client.ts";

const parameterSets = [
  { algorithm: "SHA1", digits: 6, period: 30 },
  { algorithm: "SHA256", digits: 6, period: 60 },
  { algorithm: "SHA512", digits: 8, period: 30 },
  { algorithm: "SHA256", digits: 8, period: 60 },
] as const;

for (const kind of databaseKinds) {
  describe(`POST /api/v1/validate on ${kind}`, () => {
    let t: TestApp;
    let client: ValidateClient;
    before(async () => {
      t = await openTestApp(kind);
      client = await validateClient(t);
    });
    after(async () => {
      await client.server.close();
      await t.close();
    });

    for (const parameters of parameterSets) {
      test(`accepts oathtool codes for ${parameters.algorithm}, ${parameters.digits} digits, ${parameters.period} s`, async () => {
        const upn =
          `${parameters.algorithm}-${parameters.digits}-${parameters.period}@example.it`.toLowerCase();
        const enrolled = await createEnrolledUser(t, upn, parameters);
        const code = await oathtoolTotp(enrolled.secret, { timeMs: t.clock.now(), ...parameters });
        const answer = await client.validate({ upn, code });
        assert.deepEqual(answer, {
          status: 200,
          body: { result: "accept", methodId: enrolled.methodId },
        });
      });
    }

    test("accepts the previous and next step (window 1) but not two steps away", async () => {
      const enrolled = await createEnrolledUser(t, "window@example.it");
      t.clock.advance(30_000); // the step before now must not be the one activation spent
      const at = (steps: number) =>
        oathtoolTotp(enrolled.secret, { timeMs: t.clock.now() + steps * 30_000 });
      assert.equal(
        (await client.validate({ upn: "window@example.it", code: await at(-2) })).body.result,
        "reject",
      );
      assert.equal(
        (await client.validate({ upn: "window@example.it", code: await at(2) })).body.result,
        "reject",
      );
      assert.equal(
        (await client.validate({ upn: "window@example.it", code: await at(-1) })).body.result,
        "accept",
      );
      t.clock.advance(30_000);
      assert.equal(
        (await client.validate({ upn: "window@example.it", code: await at(1) })).body.result,
        "accept",
      );
    });

    test("the tenant's window applies at once: with 0, only the current step is accepted", async () => {
      const enrolled = await createEnrolledUser(t, "strict@example.it");
      t.clock.advance(30_000);
      const previous = await oathtoolTotp(enrolled.secret, { timeMs: t.clock.now() - 30_000 });
      await changeTenantPolicy(t.ctx, testActor, t.tenant, { totpWindow: 0 });
      try {
        assert.equal(
          (await client.validate({ upn: "strict@example.it", code: previous })).body.result,
          "reject",
        );
        const current = await oathtoolTotp(enrolled.secret, { timeMs: t.clock.now() });
        assert.equal(
          (await client.validate({ upn: "strict@example.it", code: current })).body.result,
          "accept",
        );
      } finally {
        await changeTenantPolicy(t.ctx, testActor, t.tenant, { totpWindow: 1 });
      }
    });

    test("an older code is refused once a newer one was accepted", async () => {
      const enrolled = await createEnrolledUser(t, "older@example.it");
      const now = await oathtoolTotp(enrolled.secret, { timeMs: t.clock.now() });
      const previous = await oathtoolTotp(enrolled.secret, { timeMs: t.clock.now() - 30_000 });
      assert.equal(
        (await client.validate({ upn: "older@example.it", code: now })).body.result,
        "accept",
      );
      assert.equal(
        (await client.validate({ upn: "older@example.it", code: previous })).body.result,
        "reject",
      );
    });

    test("methodId checks only the chosen OTP entry", async () => {
      const first = await createEnrolledUser(t, "choose@example.it");
      const code = await oathtoolTotp(first.secret, { timeMs: t.clock.now() });
      const other = "00000000-0000-4000-8000-000000000000";
      assert.equal(
        (await client.validate({ upn: "choose@example.it", code, methodId: other })).body.result,
        "reject",
      );
      assert.deepEqual(
        (await client.validate({ upn: "choose@example.it", code, methodId: first.methodId })).body,
        {
          result: "accept",
          methodId: first.methodId,
        },
      );
    });

    test("every call writes a sign-in log entry with client, IP, user agent, result and reason", async () => {
      const enrolled = await createEnrolledUser(t, "logged@example.it");
      const code = await oathtoolTotp(enrolled.secret, { timeMs: t.clock.now() });
      await client.validate({ upn: "logged@example.it", code });
      await client.validate({ upn: "logged@example.it", code });
      await client.validate({ upn: "ghost@example.it", code });
      const [ghost, reused, accepted] = await listSignIns(t.ctx.store.db, t.tenant.id, 3);
      assert.equal(accepted?.result, "success");
      assert.equal(accepted?.reason, "success");
      assert.equal(accepted?.method_id, enrolled.methodId);
      assert.equal(accepted?.method_kind, "softwareOath");
      assert.equal(accepted?.user_id, enrolled.user.id);
      assert.equal(accepted?.client, "vpn");
      assert.equal(accepted?.ip, "127.0.0.1");
      assert.equal(accepted?.user_agent, "test-vpn/1.0");
      assert.ok(accepted?.correlation_id);
      const user = await findUser(t.ctx, t.tenant, "logged@example.it");
      assert.equal(
        user.lastSignInAt,
        accepted?.time,
        "an accepted code is the user's last sign-in",
      );
      assert.deepEqual([reused?.result, reused?.reason], ["failure", "code_reused"]);
      assert.deepEqual(
        [ghost?.result, ghost?.reason, ghost?.user_id],
        ["failure", "user_not_found", null],
      );
      for (const row of [ghost, reused, accepted]) {
        assert.ok(!JSON.stringify(row).includes(code), "the code is never logged");
      }
    });

    test("without a live API key: 401 before the body is even read, and nothing is logged", async () => {
      const before = (await listSignIns(t.ctx.store.db, t.tenant.id, 1000)).length;
      const none = await client.server.inject({
        method: "POST",
        url: "/api/v1/validate",
        payload: {},
      });
      assert.equal(none.statusCode, 401);
      assert.equal(none.headers["www-authenticate"], 'Bearer realm="varco"');
      assert.equal(none.json().error.code, "unauthorized");
      assert.equal(
        (await client.validate({ upn: "a@b.it", code: "123456" }, "varco_wrong")).status,
        401,
      );
      assert.equal(
        (await client.validate({ upn: "a@b.it", code: "123456" }, `${client.key}x`)).status,
        401,
      );

      const revoked = await validateClient(t);
      const [, id] = (await listApiKeys(t.ctx.store.db, t.tenant.id)).map((k) => k.id);
      await revokeApiKey(t.ctx, testActor, id as string);
      assert.equal((await revoked.validate({ upn: "a@b.it", code: "123456" })).status, 401);
      await revoked.server.close();
      assert.equal((await listSignIns(t.ctx.store.db, t.tenant.id, 1000)).length, before);
    });

    test("a policy changed or a key revoked by another instance applies at the next call", async () => {
      const enrolled = await createEnrolledUser(t, "elsewhere@example.it");
      const other = (await t.openSibling()).ctx;
      const keyed = await validateClient(t);
      try {
        t.clock.advance(30_000);
        const previous = await oathtoolTotp(enrolled.secret, { timeMs: t.clock.now() - 30_000 });
        const upn = "elsewhere@example.it";
        assert.equal((await keyed.validate({ upn, code: "000000" })).status, 200);
        await changeTenantPolicy(other, testActor, t.tenant, { totpWindow: 0 });
        assert.equal((await keyed.validate({ upn, code: previous })).body.result, "reject");
        await changeTenantPolicy(other, testActor, t.tenant, { totpWindow: 1 });
        assert.equal((await keyed.validate({ upn, code: previous })).body.result, "accept");

        const newest = (await listApiKeys(t.ctx.store.db, t.tenant.id)).at(-1);
        await revokeApiKey(other, testActor, newest?.id as string);
        assert.equal((await keyed.validate({ upn, code: "000000" })).status, 401);
      } finally {
        await keyed.server.close();
      }
    });

    test("bad bodies get 400 invalid_request and change nothing", async () => {
      const bad = [
        {},
        { upn: "a@b.it", transactionId: "t1", channel: "voice" },
        { upn: "a@b.it", code: "123456", channel: "sms" },
        { upn: "a@b.it", channel: "fax" },
        { code: "123456" },
        { upn: 1, code: "123456" },
        { upn: "a@b.it", code: 123456 },
        { upn: "a@b.it", code: "123456", extra: true },
        { upn: "x".repeat(257), code: "123456" },
        { upn: "a@b.it", code: "1".repeat(65) },
      ];
      for (const body of bad) {
        const answer = await client.validate(body);
        assert.equal(answer.status, 400, JSON.stringify(body));
        assert.equal((answer.body.error as { code: string }).code, "invalid_request");
      }
      const notJson = await client.server.inject({
        method: "POST",
        url: "/api/v1/validate",
        headers: { authorization: `Bearer ${client.key}`, "content-type": "application/json" },
        payload: "{not json",
      });
      assert.equal(notJson.statusCode, 400);
      assert.equal(notJson.json().error.code, "invalid_request");
    });
  });
}
