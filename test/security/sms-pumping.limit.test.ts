import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { hashPassword } from "../../src/crypto/password.ts";
import { upnKey } from "../../src/directory/upn.ts";
import { updatePhoneSettings } from "../../src/phone-settings/update-phone-settings.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { insertRows } from "../../src/store/bulk-insert.ts";
import { browserLike } from "../support/http-client.ts";
import { enablePhoneMethods } from "../support/phone-tenant.ts";
import { testPassword } from "../support/sign-in-user.ts";
import { startTestSmsc, type TestSmsc } from "../support/smsc.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// SMS pumping: many sign-ins started at once, each for another number of one range, so that
// every per-user and per-number limit passes. The tenant's hourly limit must stop the messages,
// exactly, however many arrive in the same moment: the bill is the limit, not the attack.
const signIns = 1_000;
const tenantLimit = 40;

for (const kind of ["postgres", "sqlite"] as const) {
  describe(`SMS pumping on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let smsc: TestSmsc;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      smsc = await startTestSmsc({ deliveryReports: "none" });
      await updatePhoneSettings(t.ctx, testActor, t.tenant.id, {
        smsPrimary: {
          kind: "smpp",
          host: "127.0.0.1",
          port: smsc.port,
          tls: false,
          systemId: "varco",
          password: "secret1",
          sourceAddress: "Varco",
        },
        messagesPerTenantPerHour: tenantLimit,
      });
      await enablePhoneMethods(t, ["Sms"]);
      // The sign-ins all come from one address here: its password throttle must not be the limit.
      await changeTenantPolicy(t.ctx, testActor, t.tenant, { passwordAttemptsPerAddress: 10_000 });
      // One password hash for every user: hashing each would only make the set-up slower.
      const hash = await hashPassword(testPassword);
      const now = t.clock.now();
      const users = Array.from({ length: signIns }, (_, i) => {
        const upn = `pump${i}@example.it`;
        return {
          id: randomUUID(),
          tenant_id: t.tenant.id,
          upn,
          upn_key: upnKey(upn),
          display_name: upn,
          password_hash: hash,
          blocked: 0,
          blocked_reason: null,
          created_at: now,
          last_sign_in_at: null,
        };
      });
      for (let i = 0; i < users.length; i += 200) {
        const batch = users.slice(i, i + 200);
        await insertRows(t.ctx.store.db, "users", batch);
        await insertRows(
          t.ctx.store.db,
          "phone_methods",
          batch.map((user, j) => ({
            user_id: user.id,
            phone_type: "mobile",
            phone_number: `+39 3331${String(i + j).padStart(6, "0")}`,
            created_at: now,
            updated_at: now,
          })),
        );
      }
    });
    after(async () => {
      await server.close();
      await t.close();
      await smsc.close();
    });

    test(`${signIns} sign-ins asking for an SMS at once: exactly the tenant's hourly limit goes out`, async () => {
      const browsers = Array.from({ length: signIns }, () => browserLike(server));
      const started = await Promise.all(
        browsers.map((browser, i) =>
          browser.json("POST", "/api/v1/sign-in", {
            upn: `pump${i}@example.it`,
            password: testPassword,
          }),
        ),
      );
      const states = started.map((answer) => answer.json().state);
      assert.deepEqual(new Set(states), new Set(["second_factor"]));
      const asked = await Promise.all(
        browsers.map((browser) =>
          browser.json("POST", "/api/v1/sign-in/phone-code", { phoneType: "mobile" }),
        ),
      );
      const errors = new Map<string, number>();
      for (const answer of asked) {
        const error = answer.json().error ?? "sent";
        errors.set(error, (errors.get(error) ?? 0) + 1);
      }
      assert.deepEqual(Object.fromEntries(errors), {
        sent: tenantLimit,
        phone_limit_reached: signIns - tenantLimit,
      });
      // Every message handed to the gateway has arrived; no more come.
      for (let i = 0; i < 100 && smsc.messages.length < tenantLimit; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(smsc.messages.length, tenantLimit);
      const recorded = await t.ctx.store.db
        .selectFrom("phone_messages")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      assert.equal(Number(recorded.n), tenantLimit);
    });
  });
}
