import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiClient } from "../../src/api-clients/create-api-client.ts";
import { createUser } from "../../src/directory/create-user.ts";
import type { Role } from "../../src/roles/roles.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listPhoneMethods } from "../../src/store/queries/phone-methods.ts";
import { databaseKinds } from "../support/databases.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const ids = {
  mobile: "3179e48a-750b-4051-897c-87b9720928f7",
  alternateMobile: "b6332ec1-7057-4abe-9331-3d72feddfe41",
  office: "e37fc753-ff3b-4958-9484-eaa9425c82bc",
};

// `users/{id}/authentication/phoneMethods` as Microsoft Graph has it: the type's fixed id, the
// number as `+CountryCode Number`; a refused request changes nothing.
for (const kind of databaseKinds) {
  describe(`the phoneMethods API on ${kind}`, () => {
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
        name: `phones-${roles.join("-")}`,
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

    test("add all three by UPN, read, change, delete; errors by code; audited", async () => {
      const admin = await tokenFor(["authenticationAdministrator"]);
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "api.telefoni@example.it" });
      const base = `/api/v1/users/${encodeURIComponent(user.upn)}/authentication/phoneMethods`;
      const added = await call(admin, "POST", base, {
        phoneNumber: "+39 333 123 4567",
        phoneType: "mobile",
      });
      assert.equal(added.statusCode, 201);
      assert.deepEqual(added.json(), {
        "@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
        id: ids.mobile,
        phoneNumber: "+39 3331234567",
        phoneType: "mobile",
      });
      await call(admin, "POST", base, {
        phoneNumber: "+1 212 555 0123",
        phoneType: "alternateMobile",
      });
      await call(admin, "POST", base, {
        phoneNumber: "+39 02 1234 5678 ext. 12",
        phoneType: "office",
      });
      const listed = await call(admin, "GET", base);
      assert.deepEqual(
        listed.json().value.map((p: { id: string; phoneNumber: string }) => [p.id, p.phoneNumber]),
        [
          [ids.mobile, "+39 3331234567"],
          [ids.alternateMobile, "+1 2125550123"],
          [ids.office, "+39 0212345678"],
        ],
      );

      // The list of every method holds the phones too, as Graph's does.
      const all = await call(admin, "GET", base.replace(/phoneMethods$/, "methods"));
      assert.equal(
        all
          .json()
          .value.filter(
            (m: { "@odata.type": string }) =>
              m["@odata.type"] === "#microsoft.graph.phoneAuthenticationMethod",
          ).length,
        3,
      );

      const errorOf = async (response: Promise<{ statusCode: number; json(): unknown }>) => {
        const r = await response;
        return [r.statusCode, (r.json() as { error: { code: string } }).error.code];
      };
      assert.deepEqual(
        await errorOf(
          call(admin, "POST", base, { phoneNumber: "+39 347 000 1111", phoneType: "mobile" }),
        ),
        [409, "phone_type_taken"],
      );
      assert.deepEqual(
        await errorOf(call(admin, "PATCH", `${base}/${ids.mobile}`, { phoneNumber: "3470001111" })),
        [400, "phone_country_code_required"],
      );
      assert.deepEqual(
        await errorOf(call(admin, "PATCH", `${base}/${ids.mobile}`, { phoneNumber: "+39 34" })),
        [400, "invalid_phone_number"],
      );
      assert.deepEqual(
        await errorOf(
          call(admin, "PATCH", `${base}/${ids.mobile}`, {
            phoneNumber: "+39 347 000 1111",
            phoneType: "office",
          }),
        ),
        [400, "invalid_phone_type"],
      );
      assert.deepEqual(
        await errorOf(call(admin, "GET", `${base}/00000000-0000-0000-0000-000000000000`)),
        [404, "phone_method_not_found"],
      );
      assert.equal(
        (await call(admin, "POST", base, { phoneNumber: "+39 347 000 1111", phoneType: "fax" }))
          .statusCode,
        400,
      );
      assert.equal(
        (await listPhoneMethods(t.ctx.store.db, user.id))[0]?.phoneNumber,
        "+39 3331234567",
      );

      const patched = await call(admin, "PATCH", `${base}/${ids.mobile}`, {
        phoneNumber: "+44 20 7946 0958",
        phoneType: "mobile",
      });
      assert.equal(patched.statusCode, 204, patched.body);
      assert.equal(
        (await call(admin, "GET", `${base}/${ids.mobile}`)).json().phoneNumber,
        "+44 2079460958",
      );
      assert.equal((await call(admin, "DELETE", `${base}/${ids.office}`)).statusCode, 204);
      assert.equal((await call(admin, "GET", `${base}/${ids.office}`)).statusCode, 404);
      assert.equal((await listPhoneMethods(t.ctx.store.db, user.id)).length, 2);

      const actions = (await listAudit(t.ctx.store.db, t.tenant.id, 10_000))
        .filter((a) => a.details_json.includes(user.upn) && a.action.endsWith("phone method"))
        .map((a) => a.action)
        .reverse();
      assert.deepEqual(actions, [
        "Add phone method",
        "Add phone method",
        "Add phone method",
        "Update phone method",
        "Delete phone method",
      ]);
    });

    test("a Security Reader and a Helpdesk Administrator can neither read nor change phones", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "api.ruoli@example.it" });
      const base = `/api/v1/users/${user.id}/authentication/phoneMethods`;
      for (const role of ["securityReader", "helpdeskAdministrator"] as const) {
        const token = await tokenFor([role]);
        assert.equal((await call(token, "GET", base)).statusCode, 403, role);
        const add = await call(token, "POST", base, {
          phoneNumber: "+39 333 123 4567",
          phoneType: "mobile",
        });
        assert.equal(add.statusCode, 403, role);
      }
      assert.deepEqual(await listPhoneMethods(t.ctx.store.db, user.id), []);
    });
  });
}
