import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { parse as parseCsv } from "csv-parse/sync";
import { verifyPassword } from "../../src/crypto/password.ts";
import { bulkCreateUsers } from "../../src/directory/bulk/bulk-create-users.ts";
import { bulkDeleteUsers } from "../../src/directory/bulk/bulk-delete-users.ts";
import { bulkErrorCsvHeader, bulkErrorCsvLine } from "../../src/directory/bulk/bulk-error-csv.ts";
import {
  bulkTemplate,
  createColumns,
  deleteColumns,
} from "../../src/directory/bulk/bulk-templates.ts";
import { readEntraCsv } from "../../src/directory/bulk/entra-csv.ts";
import { rowRefusal, rowRefusalCodes } from "../../src/directory/bulk/row-refusal.ts";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { addTenantDomain } from "../../src/directory/domains/add-tenant-domain.ts";
import type { Tenant } from "../../src/directory/types.ts";
import { upnKey } from "../../src/directory/upn.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { insertRows } from "../../src/store/bulk-insert.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { findUserByUpn, listUsers } from "../../src/store/queries/users.ts";
import { databaseKinds } from "../support/databases.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const createHeader =
  "Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,Job title [jobTitle],Department [department],Street address [streetAddress],Mobile phone [mobile],Email [mail]";
/** Long enough and unguessable: the password rules take it. */
const good = "violet kettle harbour 92";

async function* chunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let start = 0; start < bytes.length; start += size)
    yield bytes.subarray(start, start + size);
}

test("every code a refused row can carry is documented in docs/errors.md", () => {
  const doc = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");
  const section = doc.slice(doc.indexOf("## Rows refused by a bulk create"));
  for (const code of rowRefusalCodes) assert.ok(section.includes(`- \`${code}\`: `), code);
});

test("the error CSV quotes a line break and neutralises formulas, so it reads back cell for cell", () => {
  const line = bulkErrorCsvLine("create", {
    line: 9,
    userPrincipalName: "@evil@example.it",
    displayName: "Rossi,\nMario\u0000",
    refused: rowRefusal("control_character", { column: "Name" }),
  });
  assert.equal(
    line,
    '9,\'@evil@example.it,"Rossi,\nMario\ufffd",control_character,Name contains a control character\r\n',
  );
  assert.deepEqual(parseCsv(line), [
    [
      "9",
      "'@evil@example.it",
      "Rossi,\nMario\ufffd",
      "control_character",
      "Name contains a control character",
    ],
  ]);
});

for (const kind of databaseKinds) {
  describe(`bulk create and bulk delete from Entra's CSV templates on ${kind}`, () => {
    let t: TestApp;
    let school: Tenant;
    before(async () => {
      t = await openTestApp(kind);
      school = await createTenant(t.ctx, testActor, { name: "school", displayName: "Scuola" });
      await addTenantDomain(t.ctx, testActor, school, "school.it");
    });
    after(async () => t.close());

    const byUpn = (tenant: Tenant, upn: string) =>
      findUserByUpn(t.ctx.store.db, tenant.id, upnKey(upn));

    /** Runs a bulk create of `text` read in `size`-byte chunks; the error CSV in English. */
    const create = async (tenant: Tenant, text: string, size = 7) => {
      let errors = bulkErrorCsvHeader("create");
      const summary = await bulkCreateUsers(
        t.ctx,
        testActor,
        tenant,
        readEntraCsv(chunks(text, size), createColumns),
        {
          onRefused: (row) => {
            errors += bulkErrorCsvLine("create", row);
          },
        },
      );
      return { ...summary, errors };
    };
    const remove = async (
      tenant: Tenant,
      text: string,
      mayDelete: (target: { isAdmin: boolean }) => boolean = () => true,
    ) => {
      let errors = bulkErrorCsvHeader("delete");
      const summary = await bulkDeleteUsers(
        t.ctx,
        testActor,
        tenant,
        readEntraCsv(chunks(text, 4096), deleteColumns),
        {
          mayDelete,
          onRefused: (row) => {
            errors += bulkErrorCsvLine("delete", row);
          },
        },
      );
      return { ...summary, errors };
    };

    test("a template file with a BOM, quoted commas and line breaks, Yes/No, and every kind of refused row", async () => {
      const existing = await bulkCreateUsers(
        t.ctx,
        testActor,
        school,
        readEntraCsv(
          chunks(`version:v1.0\n${createHeader}\nGià Qui,existing@school.it,${good},No\n`, 64),
          createColumns,
        ),
        { onRefused: (row) => assert.fail(JSON.stringify(row)) },
      );
      assert.equal(existing.created, 1);

      const file =
        "\ufeffversion:v1.0\r\n" +
        `${createHeader}\r\n` +
        `"Rossi, Mario",Mario.Rossi@school.it,${good},No,Docente,Segreteria,"Via Roma 1,\r\nPiano 2",+39 333 1234567,mario.rossi@school.it\r\n` +
        `Anna Verdi,anna.verdi@school.it,"${good}, with a comma",yes,,,,,\r\n` +
        `Weak One,weak@school.it,password1,No,,,,,\r\n` +
        `Twice,mario.rossi@SCHOOL.it,${good},No,,,,,\r\n` +
        `Già Qui,existing@school.it,${good},No,,,,,\r\n` +
        `Elsewhere,someone@elsewhere.it,${good},No,,,,,\r\n` +
        `Maybe,maybe@school.it,${good},Maybe,,,,,\r\n` +
        ",,,,,,,,\r\n" +
        `No Name,,${good},No,,,,,\r\n` +
        `Bad Phone,phone@school.it,${good},NO,,,,333 123,\r\n` +
        `"=HYPERLINK(""x"")",not-a-upn,${good},No,,,,,\r\n`;
      const result = await create(school, file);
      assert.deepEqual([result.created, result.failed], [2, 8]);
      assert.equal(
        result.errors,
        [
          "line,userPrincipalName,displayName,code,error",
          '6,weak@school.it,Weak One,password_too_guessable,"the initial password is too easy to guess (a common password, words, names, dates, keyboard runs, or the user\'s own name)"',
          "7,mario.rossi@SCHOOL.it,Twice,duplicate_upn,the user name mario.rossi@SCHOOL.it appears more than once in the file",
          "8,existing@school.it,Già Qui,user_exists,a user existing@school.it exists already",
          "9,someone@elsewhere.it,Elsewhere,upn_domain,the domain elsewhere.it is not one of this tenant's domains",
          "10,maybe@school.it,Maybe,block_sign_in_invalid,Block sign in must be Yes or No",
          "12,,No Name,required,User name is empty",
          '13,phone@school.it,Bad Phone,mobile_invalid,"the mobile phone must start with + and the country code, then 6 to 15 digits"',
          // A cell that would run as a formula in a spreadsheet is shown as text.
          '14,not-a-upn,"\'=HYPERLINK(""x"")",upn_invalid,"the user name must look like name@domain, with at most 64 characters before the @ and 48 after"',
          "",
        ].join("\r\n"),
      );

      const mario = await byUpn(school, "mario.rossi@school.it");
      assert.ok(mario);
      assert.deepEqual(
        [
          mario.upn,
          mario.displayName,
          mario.blocked,
          mario.department,
          mario.mobilePhone,
          mario.mail,
        ],
        [
          "Mario.Rossi@school.it",
          "Rossi, Mario",
          false,
          "Segreteria",
          "+39 333 1234567",
          "mario.rossi@school.it",
        ],
      );
      assert.notEqual(mario.passwordChangeForcedAt, null, "a new password at the first sign-in");
      const anna = await byUpn(school, "anna.verdi@school.it");
      assert.equal(anna?.blocked, true, "Block sign in: yes");
      const hash = await t.ctx.store.db
        .selectFrom("users")
        .select("password_hash")
        .where("id", "=", anna?.id ?? "")
        .executeTakeFirstOrThrow();
      assert.ok(await verifyPassword(hash.password_hash ?? "", `${good}, with a comma`));
      for (const upn of ["weak@school.it", "someone@elsewhere.it", "maybe@school.it"]) {
        assert.equal(await byUpn(school, upn), undefined, upn);
      }
      const audit = (await listAudit(t.ctx.store.db, school.id, 100)).filter(
        (entry) => entry.action === "Bulk create users",
      );
      assert.equal(audit.length, 2, "one entry per batch: the first file, then this one");
      const details = JSON.parse(audit[0]?.details_json ?? "{}") as {
        count: number;
        users: { upn: string }[];
      };
      assert.equal(details.count, 2);
      assert.deepEqual(
        details.users.map((u) => u.upn),
        ["Mario.Rossi@school.it", "anna.verdi@school.it"],
      );
      assert.ok(!audit[0]?.details_json.includes(good), "no password in the audit log");
    });

    test("a tenant without domains takes any domain; the downloaded template reads as an empty file", async () => {
      const result = await create(
        t.tenant,
        `${bulkTemplate("create")}Luca Bianchi,luca.bianchi@anywhere.example,${good},No,,,,,,,,,,,,,+39 333 7654321,\n`,
        4096,
      );
      assert.deepEqual([result.created, result.failed], [1, 0]);
      assert.equal(
        (await byUpn(t.tenant, "luca.bianchi@anywhere.example"))?.mobilePhone,
        "+39 333 7654321",
      );
      const empty = await create(t.tenant, bulkTemplate("create"));
      assert.deepEqual([empty.created, empty.failed], [0, 0]);
    });

    test("a wrong header, another version or broken quoting stops the file where it is", async () => {
      const before = (await listUsers(t.ctx.store.db, school.id)).length;
      const wrongHeader = await create(
        school,
        `version:v1.0\nName,User name,Initial password,Block sign in\nX,x@school.it,${good},No\n`,
      );
      assert.deepEqual([wrongHeader.created, wrongHeader.failed], [0, 1]);
      assert.match(
        wrongHeader.errors,
        /^2,,,header_row,"the header row must name the columns Name \[displayName\] Required, User name \[userPrincipalName\] Required, Initial password \[passwordProfile\] Required, Block sign in \(Yes\/No\) \[accountEnabled\] Required, each with its property in brackets"\r$/m,
      );
      const version = await create(school, `version:v2.0\n${createHeader}\n`);
      assert.match(version.errors, /^1,,,unsupported_version,/m);
      const twice = await create(school, `${createHeader},Again [displayName]\n`);
      assert.match(
        twice.errors,
        /^1,,,duplicate_column,the header row names the property \[displayname\] twice/m,
      );
      const broken = await create(
        school,
        `version:v1.0\n${createHeader}\nOk,ok.quote@school.it,${good},No\n"Open,never@school.it,${good},No\nLater,later@school.it,${good},No\n`,
      );
      assert.deepEqual([broken.created, broken.failed], [1, 1]);
      assert.match(broken.errors, /^4,,,unclosed_quote,/m);
      assert.equal(await byUpn(school, "later@school.it"), undefined);
      const long = await create(
        school,
        `version:v1.0\n${createHeader}\nLong,long@school.it,${good},No,${"x".repeat(20_000)}\nAfter,after@school.it,${good},No\n`,
        4096,
      );
      assert.deepEqual([long.created, long.failed], [0, 1]);
      assert.match(long.errors, /^3,,,row_too_long,the row is longer than 16384 characters/m);
      assert.equal((await listUsers(t.ctx.store.db, school.id)).length, before + 1);
    });

    test("bulk delete removes methods, sessions and backup codes, keeps the logs, refuses what single delete refuses", async () => {
      const target = await createSignInUser(t, "leaving@example.it");
      // A sign-in log entry of theirs, and an audit trail, made before the deletion.
      const server = await buildTestServer(t.ctx);
      await server.inject({
        method: "POST",
        url: "/api/v1/sign-in",
        payload: { upn: "leaving@example.it", password: "wrong password here" },
      });
      await server.close();
      const logged = (await listSignIns(t.ctx.store.db, t.tenant.id, 1000)).filter(
        (entry) => entry.user_id === target.user.id,
      );
      assert.ok(logged.length > 0);
      const globalAdmin = await createSignInUser(t, "only.global@example.it");
      await assignRole(t.ctx, testActor, globalAdmin.user, "globalAdministrator");
      const helpdesk = await createSignInUser(t, "helpdesk@example.it");
      await assignRole(t.ctx, testActor, helpdesk.user, "helpdeskAdministrator");

      const file = `version:v1.0\nUser name [userPrincipalName] Required\nLEAVING@example.it\nnobody@example.it\nleaving@example.it\nonly.global@example.it\nhelpdesk@example.it\n`;
      const asUserAdministrator = await remove(t.tenant, file, (target) => !target.isAdmin);
      assert.deepEqual([asUserAdministrator.deleted, asUserAdministrator.failed], [1, 4]);
      assert.equal(
        asUserAdministrator.errors,
        [
          "line,userPrincipalName,code,error",
          "4,nobody@example.it,no_user,no user nobody@example.it in this tenant",
          "5,leaving@example.it,duplicate_upn,the user name leaving@example.it appears more than once in the file",
          "6,only.global@example.it,administrator,only.global@example.it holds an administrator role: deleting them needs a Global Administrator",
          "7,helpdesk@example.it,administrator,helpdesk@example.it holds an administrator role: deleting them needs a Global Administrator",
          "",
        ].join("\r\n"),
      );
      assert.equal(await byUpn(t.tenant, "leaving@example.it"), undefined);
      const db = t.ctx.store.db;
      for (const table of ["auth_methods", "backup_codes", "sessions"] as const) {
        const left = await db
          .selectFrom(table)
          .select("user_id")
          .where("user_id", "=", target.user.id)
          .execute();
        assert.equal(left.length, 0, table);
      }
      const kept = (await listSignIns(db, t.tenant.id, 1000)).filter(
        (entry) => entry.user_id === target.user.id,
      );
      assert.equal(kept.length, logged.length, "the sign-in log keeps the entries");
      const audit = (await listAudit(db, t.tenant.id, 1000)).find(
        (e) => e.action === "Bulk delete users",
      );
      assert.ok(audit);
      assert.match(audit.details_json, /leaving@example\.it/);

      const asGlobal = await remove(
        t.tenant,
        "version:v1.0\nUser name [userPrincipalName] Required\nonly.global@example.it\nhelpdesk@example.it\n",
      );
      assert.deepEqual([asGlobal.deleted, asGlobal.failed], [1, 1]);
      assert.match(asGlobal.errors, /^3,only\.global@example\.it,last_global_administrator,/m);
      assert.ok(await byUpn(t.tenant, "only.global@example.it"));
      assert.equal(await byUpn(t.tenant, "helpdesk@example.it"), undefined);
    });

    test("two bulk creates of the same users at once make each user once; two bulk deletes keep one Global Administrator", async () => {
      const file = `version:v1.0\n${createHeader}\nSame One,same.one@school.it,${good},No\nSame Two,same.two@school.it,${good},No\n`;
      const [first, second] = await Promise.all([
        create(school, file, 4096),
        create(school, file, 4096),
      ]);
      assert.equal(first.created + second.created, 2);
      assert.equal(first.failed + second.failed, 2);
      assert.match(
        `${first.errors}${second.errors}`,
        /same\.one@school\.it,Same One,(user_exists|taken_meanwhile),/,
      );
      const upns = (await listUsers(t.ctx.store.db, school.id)).map((u) => u.upn);
      assert.equal(upns.filter((upn) => upn.startsWith("same.")).length, 2);

      const one = await createSignInUser(t, "race.global.one@example.it");
      const two = await createSignInUser(t, "race.global.two@example.it");
      const before = await t.ctx.store.db
        .selectFrom("role_assignments")
        .select("principal_id")
        .where("tenant_id", "=", t.tenant.id)
        .where("role", "=", "globalAdministrator")
        .execute();
      for (const id of before.map((row) => row.principal_id)) {
        await t.ctx.store.db
          .deleteFrom("role_assignments")
          .where("principal_id", "=", id)
          .execute();
      }
      await assignRole(t.ctx, testActor, one.user, "globalAdministrator");
      await assignRole(t.ctx, testActor, two.user, "globalAdministrator");
      const file1 =
        "version:v1.0\nUser name [userPrincipalName] Required\nrace.global.one@example.it\n";
      const file2 =
        "version:v1.0\nUser name [userPrincipalName] Required\nrace.global.two@example.it\n";
      const results = await Promise.all([remove(t.tenant, file1), remove(t.tenant, file2)]);
      assert.equal(results[0].deleted + results[1].deleted, 1, "one of the two stays");
      assert.match(`${results[0].errors}${results[1].errors}`, /last_global_administrator/);
    });

    test("a 10,000-row file streams through in batches, read as it is consumed", async () => {
      const prefix = `stream-${kind}`;
      const now = t.clock.now();
      const users = Array.from({ length: 10_000 }, (_, index) => {
        const upn = `${prefix}-${index}@example.it`;
        return {
          id: randomUUID(),
          tenant_id: t.tenant.id,
          upn,
          upn_key: upn,
          display_name: upn,
          password_hash: null,
          blocked: 0,
          blocked_reason: null,
          created_at: now,
          last_sign_in_at: null,
        };
      });
      for (let start = 0; start < users.length; start += 500) {
        await insertRows(t.ctx.store.db, "users", users.slice(start, start + 500));
      }
      let produced = 0;
      let producedAtFirstBatch = -1;
      async function* lines(): AsyncGenerator<string> {
        yield "version:v1.0\nUser name [userPrincipalName] Required\n";
        for (let index = 0; index < 10_000; index += 100) {
          produced = index + 100;
          yield Array.from({ length: 100 }, (_, i) => `${prefix}-${index + i}@example.it\n`).join(
            "",
          );
        }
      }
      const summary = await bulkDeleteUsers(
        t.ctx,
        testActor,
        t.tenant,
        readEntraCsv(lines(), deleteColumns),
        {
          mayDelete: () => true,
          onRefused: (row) => assert.fail(JSON.stringify(row)),
          onBatch: () => {
            if (producedAtFirstBatch < 0) producedAtFirstBatch = produced;
          },
        },
      );
      assert.deepEqual(summary, { deleted: 10_000, failed: 0 });
      assert.ok(
        producedAtFirstBatch > 0 && producedAtFirstBatch < 5_000,
        `the first batch was written after ${producedAtFirstBatch} rows were read, not the whole file`,
      );
      const left = await t.ctx.store.db
        .selectFrom("users")
        .select("id")
        .where("upn", "like", `${prefix}-%`)
        .execute();
      assert.equal(left.length, 0);
      const entries = (await listAudit(t.ctx.store.db, t.tenant.id, 1000)).filter(
        (e) => e.action === "Bulk delete users" && e.details_json.includes(prefix),
      );
      assert.equal(entries.length, 50, "one audit entry per batch of 200");
    });
  });
}
