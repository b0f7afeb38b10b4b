import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findUser } from "../../src/directory/find-user.ts";
import { databaseKinds } from "../support/databases.ts";
import {
  assertScimError,
  enterpriseSchema,
  listResponse,
  openScimHarness,
  type ScimHarness,
  userSchema,
} from "./scim-client.ts";

// RFC 7644's example requests, with Varco's values: userName is a UPN. Section 3.3 (create),
// 3.4.1 (read), 3.4.2.2 (filters), 3.4.2.4 (pagination), 3.12 (errors).

for (const kind of databaseKinds) {
  describe(`SCIM create, filter and pagination (RFC 7644) on ${kind}`, () => {
    let h: ScimHarness;
    const ids: Record<string, string> = {};
    before(async () => {
      h = await openScimHarness(kind);
    });
    after(() => h.close());

    test("3.3: POST /Users creates the user, answers 201 with Location and the resource", async () => {
      const created = await h.scim("POST", "/Users", {
        schemas: [userSchema, enterpriseSchema],
        userName: "bjensen@example.com",
        externalId: "bjensen",
        name: { formatted: "Ms. Barbara J Jensen III", familyName: "Jensen", givenName: "Barbara" },
        emails: [{ value: "bjensen@example.com", type: "work", primary: true }],
        phoneNumbers: [{ value: "+39 (333) 123-4567", type: "mobile" }],
        [enterpriseSchema]: { department: "Ufficio tecnico" },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = String(created.body.id);
      ids.bjensen = id;
      assert.equal(created.headers.location, `https://varco.example.it/scim/v2/Users/${id}`);
      assert.deepEqual(created.body, {
        schemas: [userSchema, enterpriseSchema],
        id,
        externalId: "bjensen",
        userName: "bjensen@example.com",
        displayName: "Ms. Barbara J Jensen III",
        name: { formatted: "Ms. Barbara J Jensen III", givenName: "Barbara", familyName: "Jensen" },
        active: true,
        emails: [{ value: "bjensen@example.com", type: "work", primary: true }],
        phoneNumbers: [{ value: "+39 333 1234567", type: "mobile" }],
        [enterpriseSchema]: { department: "Ufficio tecnico" },
        meta: {
          resourceType: "User",
          created: new Date(h.t.clock.now()).toISOString(),
          location: `https://varco.example.it/scim/v2/Users/${id}`,
        },
      });
      // The user is Varco's, with the properties an administrator sees.
      const user = await findUser(h.t.ctx, h.tenant, "BJensen@example.com");
      assert.equal(user.id, id);
      assert.equal(user.mail, "bjensen@example.com");
      assert.equal(user.mobilePhone, "+39 333 1234567");
      assert.equal(user.department, "Ufficio tecnico");
      assert.equal(user.displayName, "Ms. Barbara J Jensen III");

      for (const [key, body] of Object.entries({
        jsmith: {
          schemas: [userSchema],
          userName: "jsmith@example.org",
          externalId: "jsmith",
          displayName: "John Smith",
          emails: [{ value: "jsmith@example.org", type: "home" }],
          active: false,
        },
        momalley: {
          userName: "momalley@example.com",
          name: { givenName: "Mary", familyName: "O'Malley" },
        },
      })) {
        const answer = await h.scim("POST", "/Users", body);
        assert.equal(answer.status, 201, JSON.stringify(answer.body));
        ids[key] = String(answer.body.id);
      }
    });

    test("3.3: a userName taken (in any case) or an externalId taken answers 409 uniqueness", async () => {
      assertScimError(
        await h.scim("POST", "/Users", { schemas: [userSchema], userName: "BJENSEN@example.com" }),
        409,
        "uniqueness",
        "user_exists",
      );
      assertScimError(
        await h.scim("POST", "/Users", { userName: "other@example.com", externalId: "bjensen" }),
        409,
        "uniqueness",
        "scim_external_id_exists",
      );
      // Nothing was left behind by either.
      const all = await h.scim("GET", "/Users");
      assert.equal(all.body.totalResults, 3);
    });

    test("3.4.1: GET /Users/{id} answers the user; an unknown id answers 404", async () => {
      const read = await h.scim("GET", `/Users/${ids.momalley}`);
      assert.equal(read.status, 200);
      assert.equal(read.body.userName, "momalley@example.com");
      assert.equal(read.body.displayName, "Mary O'Malley");
      assert.equal(read.body.active, true);
      assert.equal(read.body.emails, undefined);
      assertScimError(
        await h.scim("GET", "/Users/2819c223-7f76-453a-919d-413861904646"),
        404,
        undefined,
        "scim_resource_not_found",
      );
    });

    const found = async (filter: string) => {
      const answer = await h.scim("GET", `/Users?filter=${encodeURIComponent(filter)}`);
      assert.equal(answer.status, 200, `${filter}: ${JSON.stringify(answer.body)}`);
      assert.deepEqual(answer.body.schemas, [listResponse]);
      return (answer.body.Resources ?? []).map((r) => String(r.userName).split("@")[0]);
    };

    test("3.4.2.2: the RFC's filters, with Varco's attributes", async () => {
      assert.deepEqual(await found('userName eq "bjensen@example.com"'), ["bjensen"]);
      assert.deepEqual(await found('userName Eq "BJENSEN@EXAMPLE.COM"'), ["bjensen"]);
      assert.deepEqual(await found(`name.familyName co "O'Malley"`), ["momalley"]);
      assert.deepEqual(await found('userName sw "J"'), ["jsmith"]);
      assert.deepEqual(await found(`${userSchema}:userName sw "J"`), ["jsmith"]);
      assert.deepEqual(await found("emails pr"), ["bjensen", "jsmith"]);
      assert.deepEqual(await found('meta.created gt "2011-05-13T04:42:34Z"'), [
        "bjensen",
        "jsmith",
        "momalley",
      ]);
      assert.deepEqual(await found("emails pr and active eq true"), ["bjensen"]);
      assert.deepEqual(await found('externalId eq "jsmith" or name.familyName co "malley"'), [
        "jsmith",
        "momalley",
      ]);
      assert.deepEqual(await found('externalId eq "JSMITH"'), [], "externalId is case-exact");
      assert.deepEqual(
        await found(
          'active eq true and (emails co "example.com" or emails.value co "example.org")',
        ),
        ["bjensen"],
      );
      assert.deepEqual(
        await found('not (emails co "example.com" or emails.value co "example.org")'),
        ["momalley"],
      );
      assert.deepEqual(await found('emails[type eq "work" and value co "@example.com"]'), [
        "bjensen",
      ]);
      assert.deepEqual(await found(`${enterpriseSchema}:department eq "ufficio tecnico"`), [
        "bjensen",
      ]);
      assert.deepEqual(await found('displayName ew "smith" or active eq false'), ["jsmith"]);
      assert.deepEqual(await found('userName ne "bjensen@example.com" and title pr'), []);
      assert.deepEqual(await found(`id eq "${ids.momalley}"`), ["momalley"]);
      // "and" binds tighter than "or": m…, or j… that is active (jsmith is not).
      assert.deepEqual(await found('userName sw "m" or userName sw "j" and active eq true'), [
        "momalley",
      ]);
      assert.deepEqual(await found('(userName sw "m" or userName sw "j") and active eq false'), [
        "jsmith",
      ]);
    });

    test("3.4.2.2: a filter that cannot be read answers 400 invalidFilter", async () => {
      for (const filter of [
        "userName eq",
        'userName xx "a"',
        '(userName eq "a"',
        'userName eq "a',
        'userName eq "a" and',
        'emails[type eq "work"',
        "active gt true",
        'urn:example:unknown:1.0:User:userName eq "a"',
      ]) {
        assertScimError(
          await h.scim("GET", `/Users?filter=${encodeURIComponent(filter)}`),
          400,
          "invalidFilter",
          "scim_invalid_filter",
        );
      }
    });

    test("3.4.2.4: startIndex and count page through the users in UPN order", async () => {
      const page = async (query: string) => (await h.scim("GET", `/Users?${query}`)).body;
      const first = await page("startIndex=1&count=2");
      assert.equal(first.totalResults, 3);
      assert.equal(first.itemsPerPage, 2);
      assert.equal(first.startIndex, 1);
      assert.deepEqual(
        first.Resources?.map((r) => r.userName),
        ["bjensen@example.com", "jsmith@example.org"],
      );
      const second = await page("startIndex=3&count=2");
      assert.equal(second.itemsPerPage, 1);
      assert.equal(second.startIndex, 3);
      assert.deepEqual(
        second.Resources?.map((r) => r.userName),
        ["momalley@example.com"],
      );
      const none = await page("count=0");
      assert.equal(none.totalResults, 3);
      assert.deepEqual(none.Resources, []);
      const below = await page("startIndex=0&count=1");
      assert.equal(below.startIndex, 1);
      assert.equal(below.itemsPerPage, 1);
      assertScimError(
        await h.scim("GET", "/Users?count=ten"),
        400,
        "invalidValue",
        "scim_invalid_value",
      );
    });

    test("3.4.2.5: attributes and excludedAttributes choose what comes back", async () => {
      const only = await h.scim("GET", `/Users/${ids.bjensen}?attributes=userName`);
      assert.deepEqual(Object.keys(only.body).sort(), ["id", "schemas", "userName"]);
      const without = await h.scim("GET", `/Users/${ids.bjensen}?excludedAttributes=emails,name`);
      assert.equal(without.body.emails, undefined);
      assert.equal(without.body.name, undefined);
      assert.equal(without.body.userName, "bjensen@example.com");
    });

    test("4: the discovery endpoints say what Varco supports", async () => {
      const config = await h.scim("GET", "/ServiceProviderConfig");
      assert.equal(config.status, 200);
      assert.deepEqual(config.body.patch, { supported: true });
      assert.deepEqual(config.body.bulk, { supported: false, maxOperations: 0, maxPayloadSize: 0 });
      const types = await h.scim("GET", "/ResourceTypes");
      assert.deepEqual(
        types.body.Resources?.map((r) => r.endpoint),
        ["/Users", "/Groups"],
      );
      const schemas = await h.scim("GET", "/Schemas");
      assert.equal(schemas.body.totalResults, 3);
      const user = await h.scim("GET", `/Schemas/${userSchema}`);
      assert.equal(user.body.name, "User");
      assertScimError(await h.scim("GET", "/Nothing"), 404, undefined, "not_found");
    });
  });
}
