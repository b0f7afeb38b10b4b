import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { maxTokenFileBytes } from "../../src/http/read-upload.ts";
import { listTokensPage } from "../../src/store/queries/hardware-tokens.ts";
import { type AdminClient, adminClient } from "../admin/admin-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { buildTestServer, openTestApp, type TestApp } from "../support/test-app.ts";

// An import commits its rows as it reads them, so an upload found too large halfway
// would leave the first part imported. The upload is therefore refused whole, by the length it
// declares, before a byte of it is read: over the limit, 413 body_too_large; with no length
// (chunked), which could grow past the limit, 411 length_required. Either way nothing is
// imported: all or nothing.

const devices = "/api/v1/directory/authenticationMethodDevices/hardwareOathDevices";
const header = "upn,serial number,secret key,time interval,manufacturer,model\n";
const key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const row = (prefix: string, i: number) =>
  `,${prefix}-${String(i).padStart(7, "0")},${key},30,C,K\n`;

/**
 * A CSV body that streams `rows` good rows as it is read, and fails the request if more than
 * `readable` bytes of it are ever read: the upload is refused, so nothing past what the
 * connection buffers may be read.
 */
function growingCsv(prefix: string, rows: number, readable: number) {
  let read = 0;
  let i = 0;
  const body = Readable.from(
    (function* () {
      yield header;
      for (; i < rows; i++) {
        const line = row(prefix, i);
        read += line.length;
        if (read > readable) throw new Error(`${read} bytes of a refused upload were read`);
        yield line;
      }
    })(),
    { objectMode: false },
  );
  return { body, rowsRead: () => i };
}

for (const kind of databaseKinds) {
  describe(`a token upload over the size limit on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let admin: AdminClient;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      admin = await adminClient(t, server, ["privilegedAuthenticationAdministrator"]);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    const importedWith = async (prefix: string) =>
      (
        await listTokensPage(t.ctx.store.db, {
          tenantId: t.tenant.id,
          filter: [{ op: "startswith", field: "serialNumber", value: `${prefix}-` }],
          top: 10,
        })
      ).tokens.length;
    const upload = (headers: Record<string, string>, payload: string | Readable) =>
      server.inject({
        method: "POST",
        url: `${devices}/import`,
        headers: { authorization: `Bearer ${admin.token}`, "content-type": "text/csv", ...headers },
        payload,
      });

    test("a declared length over 64 MiB is refused with 413 before a row is read: nothing imported", async () => {
      const csv = header + row("TOO-LARGE", 1) + row("TOO-LARGE", 2);
      const answer = await upload({ "content-length": String(maxTokenFileBytes + 1) }, csv);
      assert.equal(answer.statusCode, 413, answer.body);
      assert.equal(answer.json().error.code, "body_too_large");
      assert.equal(await importedWith("TOO-LARGE"), 0);

      // At the limit, the same rows are imported.
      const fits = await upload({ "content-length": String(Buffer.byteLength(csv)) }, csv);
      assert.equal(fits.statusCode, 200, fits.body);
      assert.equal(await importedWith("TOO-LARGE"), 2);
    });

    test("a body without a length (chunked), which could grow past the limit, is refused with 411: nothing imported", async () => {
      // 1,000,000 rows, about 60 MB: more than one batch would be imported were it read.
      const { body, rowsRead } = growingCsv("CHUNKED", 1_000_000, 256 * 1024);
      const answer = await upload({}, body);
      assert.equal(answer.statusCode, 411, answer.body);
      assert.equal(answer.json().error.code, "length_required");
      assert.equal(await importedWith("CHUNKED"), 0);
      assert.ok(rowsRead() < 1_000_000, "the body was not read to its end");
    });
  });
}
