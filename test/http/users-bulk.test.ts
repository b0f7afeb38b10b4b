import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiClient } from "../../src/api-clients/create-api-client.ts";
import { upnKey } from "../../src/directory/upn.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { findUserByUpn } from "../../src/store/queries/users.ts";
import { databaseKinds } from "../support/databases.ts";
import { csrfOf, html, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const createHeader =
  "Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required";
const good = "violet kettle harbour 92";
const boundary = "----varco-bulk-boundary";

/** A page upload: form fields first (the CSRF token), then the file. */
function multipart(fields: Record<string, string>, csv: string): string {
  return [
    ...Object.entries(fields).map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    ),
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="users.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
  ].join("");
}

for (const kind of databaseKinds) {
  describe(`bulk create and delete through the admin API and the admin pages on ${kind}`, () => {
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

    const byUpn = (upn: string) => findUserByUpn(t.ctx.store.db, t.tenant.id, upnKey(upn));
    const bearer = async (roles: Role[]) => {
      const { clientId, clientSecret } = await createApiClient(t.ctx, testActor, t.tenant, {
        name: `bulk-${roles.join("-")}`,
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
      return `Bearer ${granted.json().access_token as string}`;
    };
    const postCsv = (url: string, authorization: string, csv: string) =>
      server.inject({
        method: "POST",
        url,
        headers: { authorization, "content-type": "text/csv" },
        payload: csv,
      });

    test("POST /users/import and /users/bulkDelete answer the counts and the error CSV; a Helpdesk Administrator is refused", async () => {
      const helpdesk = await bearer(["helpdeskAdministrator"]);
      const csv = `version:v1.0\n${createHeader}\nApi User,api.user@example.it,${good},No\nWeak,weak.api@example.it,12345678,No\n`;
      const refused = await postCsv("/api/v1/users/import", helpdesk, csv);
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, "forbidden");
      assert.equal(await byUpn("api.user@example.it"), undefined, "nothing created");

      const users = await bearer(["userAdministrator"]);
      const created = await postCsv("/api/v1/users/import", users, csv);
      assert.equal(created.statusCode, 200, created.body);
      const body = created.json();
      assert.deepEqual([body.created, body.failed, body.errorsCsvTruncated], [1, 1, false]);
      assert.match(
        body.errorsCsv,
        /^line,userPrincipalName,displayName,code,error\r\n4,weak\.api@example\.it,Weak,password_too_guessable,/,
      );
      assert.ok(!body.errorsCsv.includes("12345678"), "never the password");
      assert.notEqual((await byUpn("api.user@example.it"))?.passwordChangeForcedAt, null);

      const admin = await createSignInUser(t, "api.admin@example.it");
      await assignRole(t.ctx, testActor, admin.user, "securityReader");
      const deletion = `version:v1.0\nUser name [userPrincipalName] Required\napi.user@example.it\napi.admin@example.it\n`;
      assert.equal((await postCsv("/api/v1/users/bulkDelete", helpdesk, deletion)).statusCode, 403);
      const deleted = await postCsv("/api/v1/users/bulkDelete", users, deletion);
      assert.equal(deleted.statusCode, 200, deleted.body);
      assert.deepEqual([deleted.json().deleted, deleted.json().failed], [1, 1]);
      assert.match(deleted.json().errorsCsv, /4,api\.admin@example\.it,administrator,/);
      assert.equal(await byUpn("api.user@example.it"), undefined);
      assert.ok(
        await byUpn("api.admin@example.it"),
        "a User Administrator cannot delete an administrator",
      );

      const wrongHeader = await postCsv(
        "/api/v1/users/import",
        users,
        `version:v1.0\nName,User name,Password,Blocked\nX,x.header@example.it,${good},No\n`,
      );
      assert.equal(wrongHeader.statusCode, 200);
      assert.deepEqual([wrongHeader.json().created, wrongHeader.json().failed], [0, 1]);
      assert.match(wrongHeader.json().errorsCsv, /\r\n2,,,header_row,/);

      const json = await server.inject({
        method: "POST",
        url: "/api/v1/users/import",
        headers: { authorization: users, "content-type": "application/json" },
        payload: { csv },
      });
      assert.equal(json.statusCode, 400, "a JSON body is not the CSV the route takes");
    });

    test("the pages: links and template for who may, CSRF and role checked, the outcome and its error CSV for the uploader only", async () => {
      const globalUser = await createSignInUser(t, "bulk.global@example.it");
      await assignRole(t.ctx, testActor, globalUser.user, "globalAdministrator");
      const global = await signInToPages(t, server, globalUser);
      const list = await global.get("/admin/users");
      assert.match(list.body, /href="\/admin\/users\/bulk\/create">Bulk create \(CSV\)</);
      assert.match(list.body, /href="\/admin\/users\/bulk\/delete">Bulk delete \(CSV\)</);
      const page = await global.get("/admin/users/bulk/create");
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<progress class="upload-progress"/);
      const template = await global.get("/admin/users/bulk/create/template.csv");
      assert.equal(template.headers["content-type"], "text/csv; charset=utf-8");
      assert.match(
        template.body,
        /^version:v1\.0\r\nName \[displayName\] Required,User name \[userPrincipalName\] Required,/,
      );
      assert.match(
        (await global.get("/admin/users/bulk/delete?lang=it")).body,
        /Elimina utenti in blocco/,
      );
      await global.get("/admin/users?lang=en");

      const csv = `version:v1.0\n${createHeader}\nPage User,page.bulk@example.it,${good},Yes\nNobody,,${good},No\n`;
      const upload = (
        browser: typeof global,
        fields: Record<string, string>,
        url = "/admin/users/bulk/create",
        file = csv,
      ) =>
        browser.browser.request({
          method: "POST",
          url,
          headers: { ...html, "content-type": `multipart/form-data; boundary=${boundary}` },
          payload: multipart(fields, file),
        });
      const forged = await upload(global, {});
      assert.equal(forged.statusCode, 403);
      assert.equal(
        await byUpn("page.bulk@example.it"),
        undefined,
        "a forged upload creates nothing",
      );

      const token = csrfOf(page.body);
      const done = await upload(global, { _csrf: token });
      assert.equal(done.statusCode, 303);
      const location = done.headers.location as string;
      assert.match(location, /^\/admin\/users\/bulk\/outcomes\//);
      const outcome = await global.get(location);
      assert.match(outcome.body, /Users created: 1\. Rows refused: 1\./);
      assert.match(outcome.body, /User name is empty/);
      assert.equal((await byUpn("page.bulk@example.it"))?.blocked, true);
      const errors = await global.get(`${location}/errors.csv`);
      assert.equal(errors.statusCode, 200);
      assert.match(
        errors.body,
        /^line,userPrincipalName,displayName,code,error\r\n4,,Nobody,required,User name is empty\r\n$/,
      );

      // A wrong header stops the file at once; the upload still ends with its outcome page.
      const wrong = await upload(
        global,
        { _csrf: token },
        "/admin/users/bulk/create",
        `Name,User\n${"x,y\n".repeat(20_000)}`,
      );
      assert.equal(wrong.statusCode, 303);
      assert.match(
        (await global.get(wrong.headers.location as string)).body,
        /Users created: 0\. Rows refused: 1\./,
      );

      const helpdeskUser = await createSignInUser(t, "bulk.helpdesk@example.it");
      await assignRole(t.ctx, testActor, helpdeskUser.user, "helpdeskAdministrator");
      const helpdesk = await signInToPages(t, server, helpdeskUser);
      const theirList = await helpdesk.get("/admin/users");
      assert.doesNotMatch(theirList.body, /\/admin\/users\/bulk\//, "no link that answers 403");
      assert.equal((await helpdesk.get("/admin/users/bulk/create")).statusCode, 403);
      assert.equal((await helpdesk.get("/admin/users/bulk/delete/template.csv")).statusCode, 403);
      assert.equal(
        (await helpdesk.get(`${location}/errors.csv`)).statusCode,
        404,
        "only for who uploaded",
      );
      const helpdeskToken = csrfOf(theirList.body);
      const deletion =
        "version:v1.0\nUser name [userPrincipalName] Required\npage.bulk@example.it\n";
      const refused = await upload(
        helpdesk,
        { _csrf: helpdeskToken },
        "/admin/users/bulk/delete",
        deletion,
      );
      assert.equal(refused.statusCode, 403);
      assert.ok(await byUpn("page.bulk@example.it"), "a Helpdesk Administrator deletes nobody");

      const removed = await upload(global, { _csrf: token }, "/admin/users/bulk/delete", deletion);
      assert.equal(removed.statusCode, 303);
      assert.match(
        (await global.get(removed.headers.location as string)).body,
        /Users deleted: 1\. Rows refused: 0\./,
      );
      assert.equal(await byUpn("page.bulk@example.it"), undefined);
    });
  });
}
