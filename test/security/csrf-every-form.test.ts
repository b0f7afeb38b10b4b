import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { pageRoutesOf } from "../support/fuzz-targets.ts";
import { browserLike } from "../support/http-client.ts";
import { buildTestServer, openTestApp, type TestApp } from "../support/test-app.ts";

// CSRF is one check that every state-changing page passes. Every POST route of the
// pages, read from the server (a form added tomorrow is walked too), refuses a request without
// the token, with another token, or with no CSRF cookie, before anything else is done; and
// one with the right token whose Origin is another site's.
const formHeaders = { accept: "text/html", "content-type": "application/x-www-form-urlencoded" };
const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? "";

describe("every form of the pages passes the one CSRF check", () => {
  let t: TestApp;
  let server: FastifyInstance;
  before(async () => {
    t = await openTestApp("sqlite");
    server = await buildTestServer(t.ctx);
    await server.ready();
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  test("a missing, wrong or cookie-less token is refused on each POST route", async () => {
    const posts = pageRoutesOf(server).filter((target) => target.method === "POST");
    // A telephony provider's callbacks are no forms: its signature stands in for the token.
    const hooks = posts.filter((target) => target.path.startsWith("/hooks/"));
    const forms = posts.filter((target) => !target.path.startsWith("/hooks/"));
    assert.ok(hooks.length >= 4, `${hooks.length} provider callbacks found`);
    for (const { path } of hooks) {
      const unsigned = await server.inject({
        method: "POST",
        url: path.replace(/\{\w+\}/g, "x"),
        headers: formHeaders,
        payload: "Digits=%23",
      });
      assert.equal(unsigned.statusCode, 403, `POST ${path} without the provider's signature`);
    }
    assert.ok(forms.length >= 30, `${forms.length} forms found`);
    const browser = browserLike(server, { accept: "text/html" });
    const token = csrfOf((await browser.request({ url: "/sign-in" })).body);
    const other = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const { path } of forms) {
      const url = path.replace(/\{\w+\}/g, "x");
      const attempts: { who: ReturnType<typeof browserLike>; fields: Record<string, string> }[] = [
        { who: browser, fields: {} },
        { who: browser, fields: { _csrf: other } },
        { who: browserLike(server, { accept: "text/html" }), fields: { _csrf: token } },
      ];
      for (const { who, fields } of attempts) {
        const refused = await who.request({
          method: "POST",
          url,
          headers: formHeaders,
          payload: new URLSearchParams(fields).toString(),
        });
        assert.equal(refused.statusCode, 403, `POST ${url} ${JSON.stringify(fields)}`);
        assert.match(refused.body, /form has expired|modulo è scaduto/, url);
      }
      // The right token and cookie, sent from another site's page, are refused too.
      for (const foreign of [{ origin: "https://evil.example" }, { origin: "null" }]) {
        const refused = await browser.request({
          method: "POST",
          url,
          headers: { ...formHeaders, ...foreign },
          payload: new URLSearchParams({ _csrf: token }).toString(),
        });
        assert.equal(refused.statusCode, 403, `POST ${url} from ${foreign.origin}`);
        assert.match(refused.body, /sent from another site|inviato da un altro sito/, url);
      }
      // A multipart upload carries the token as its first field: the same check reads it there.
      const upload = await browser.request({
        method: "POST",
        url,
        headers: { accept: "text/html", "content-type": "multipart/form-data; boundary=b" },
        payload: `--b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${other}\r\n--b--\r\n`,
      });
      assert.notEqual(upload.statusCode, 200, `multipart POST ${url}`);
      assert.ok(upload.statusCode < 500, `multipart POST ${url}: ${upload.statusCode}`);
    }
  });
});
