import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiClient } from "../../src/api-clients/create-api-client.ts";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { removePhoneMethod } from "../../src/methods/phone/delete-phone-method.ts";
import type { Role } from "../../src/roles/roles.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { findUserById } from "../../src/store/queries/users.ts";
import { databaseKinds } from "../support/databases.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// `users/{id}/authentication/signInPreferences` as Microsoft Graph has it: the default method,
// an app (`oath`) or one of the user's phones; a refused request changes nothing.
for (const kind of databaseKinds) {
  describe(`the signInPreferences API on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    const tokenFor = async (roles: readonly Role[]) => {
      const { clientId, clientSecret } = await createApiClient(t.ctx, testActor, t.tenant, {
        name: `preferences-${roles.join("-")}`,
        roles,
      });
      const granted = await server.inject({
        method: "POST",
        url: "/api/v1/oauth2/token",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: clientId,
          client_secret: clientSecret,
        }).toString(),
      });
      return granted.json().access_token as string;
    };
    const call = (
      token: string,
      method: "GET" | "POST" | "PATCH" | "DELETE",
      url: string,
      json?: unknown,
    ) =>
      server.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(json === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(json === undefined ? {} : { payload: JSON.stringify(json) }),
      });

    const preferred = (response: { json(): unknown }) =>
      (response.json() as { userPreferredMethodForSecondaryAuthentication: string | null })
        .userPreferredMethodForSecondaryAuthentication;
    const errorOf = async (response: Promise<{ statusCode: number; json(): unknown }>) => {
      const r = await response;
      return [r.statusCode, (r.json() as { error: { code: string } }).error.code];
    };

    test("read and change by UPN: oath, the phones by Graph's names, back to oath; audited", async () => {
      const admin = await tokenFor(["authenticationAdministrator"]);
      const person = await createSignInUser(t, "api.preferenze@example.it");
      const { user } = person;
      const url = `/api/v1/users/${encodeURIComponent(user.upn)}/authentication/signInPreferences`;
      const first = await call(admin, "GET", url);
      assert.equal(first.statusCode, 200);
      assert.deepEqual(first.json(), {
        "@odata.type": "#microsoft.graph.signInPreferences",
        userPreferredMethodForSecondaryAuthentication: "oath",
        isSystemPreferredAuthenticationMethodEnabled: false,
      });
      await addPhoneMethod(t.ctx, testActor, user, {
        phoneType: "alternateMobile",
        phoneNumber: "+39 347 765 4321",
      });
      await addPhoneMethod(t.ctx, testActor, user, {
        phoneType: "office",
        phoneNumber: "+39 02 1234 5678",
      });
      const rows = async () => (await findUserById(t.ctx.store.db, user.id))?.preferredPhoneMethod;
      // sms: the alternate mobile, the user's only mobile.
      for (const [asked, stored] of [
        ["sms", "sms:alternateMobile"],
        ["voiceOffice", "voice:office"],
        ["voiceAlternateMobile", "voice:alternateMobile"],
      ] as const) {
        const changed = await call(admin, "PATCH", url, {
          userPreferredMethodForSecondaryAuthentication: asked,
        });
        assert.equal(changed.statusCode, 200, asked);
        assert.equal(preferred(changed), asked);
        assert.equal(preferred(await call(admin, "GET", url)), asked);
        assert.equal(await rows(), stored);
      }
      // With a mobile, sms is the mobile.
      await addPhoneMethod(t.ctx, testActor, user, {
        phoneType: "mobile",
        phoneNumber: "+39 333 123 4567",
      });
      await call(admin, "PATCH", url, { userPreferredMethodForSecondaryAuthentication: "sms" });
      assert.equal(await rows(), "sms:mobile");
      const back = await call(admin, "PATCH", url, {
        userPreferredMethodForSecondaryAuthentication: "oath",
      });
      assert.equal(preferred(back), "oath");
      assert.equal(await rows(), null);
      const audited = (await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).filter(
        (a) =>
          a.action === "Set default authentication method" &&
          a.details_json.includes(user.upn) &&
          a.actor_type === "apiClient",
      );
      assert.equal(audited.length, 5);
    });

    test("errors by code, each changing nothing; the role is manageMethods's", async () => {
      const admin = await tokenFor(["authenticationAdministrator"]);
      const reader = await tokenFor(["securityReader"]);
      const person = await createSignInUser(t, "api.preferenze.errori@example.it");
      const { user } = person;
      const url = `/api/v1/users/${user.id}/authentication/signInPreferences`;
      await addPhoneMethod(t.ctx, testActor, user, {
        phoneType: "mobile",
        phoneNumber: "+39 333 765 0000",
      });
      await call(admin, "PATCH", url, {
        userPreferredMethodForSecondaryAuthentication: "voiceMobile",
      });
      const ask = (value: unknown, token = admin) =>
        errorOf(
          call(token, "PATCH", url, { userPreferredMethodForSecondaryAuthentication: value }),
        );
      assert.deepEqual(await ask("voiceOffice"), [404, "preferred_phone_not_found"]);
      assert.deepEqual(await ask("voiceAlternateMobile"), [404, "preferred_phone_not_found"]);
      assert.deepEqual(await ask("push"), [400, "invalid_preferred_method"]);
      assert.deepEqual(await ask("sms:office"), [400, "invalid_preferred_method"]);
      assert.deepEqual(await ask("voiceMobile", reader), [403, "forbidden"]);
      assert.deepEqual(await errorOf(call(reader, "GET", url)), [403, "forbidden"]);
      assert.deepEqual(
        await errorOf(call(admin, "GET", "/api/v1/users/nobody/authentication/signInPreferences")),
        [404, "user_not_found"],
      );
      const extra = await call(admin, "PATCH", url, {
        userPreferredMethodForSecondaryAuthentication: "oath",
        isSystemPreferredAuthenticationMethodEnabled: true,
      });
      assert.equal(extra.statusCode, 400);
      assert.equal(preferred(await call(admin, "GET", url)), "voiceMobile");
      // The phone deleted: the preference falls back, and Graph reads oath again.
      await removePhoneMethod(t.ctx, testActor, user, "mobile");
      assert.equal(preferred(await call(admin, "GET", url)), "oath");
    });
  });
}
