import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createTenant } from "../../src/directory/create-tenant.ts";
import type { Tenant } from "../../src/directory/types.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { jpegLogo, pngImage, svgWithScript } from "../support/images.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { type AdminClient, adminClient } from "./admin-client.ts";

// /api/v1/branding: the caller's tenant's accent colour and logo, with the checks of the CLI.
const base64 = (bytes: Buffer) => bytes.toString("base64");
const codeOf = (answer: { json: () => Record<string, unknown> }) =>
  (answer.json().error as { code: string }).code;

for (const kind of databaseKinds) {
  describe(`branding API on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let school: Tenant;
    let admin: AdminClient;
    let reader: AdminClient;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      school = await createTenant(t.ctx, testActor, { name: "school", displayName: "Scuola" });
      admin = await adminClient({ ...t, tenant: school }, server, ["globalAdministrator"]);
      reader = await adminClient({ ...t, tenant: school }, server, ["securityReader"]);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test("an administrator sets a colour and a logo, which the logo URL serves; audited; then clears them", async () => {
      const png = pngImage(200, 50, [26, 94, 49]);
      const set = await admin.call("PATCH", "/api/v1/branding", {
        accentColour: "#1A5E31",
        logo: base64(png),
      });
      assert.equal(set.status, 200, set.body);
      const body = set.json() as {
        accentColour: string;
        logo: { contentType: string; url: string };
      };
      assert.equal(body.accentColour, "#1a5e31");
      assert.equal(body.logo.contentType, "image/png");
      assert.match(body.logo.url, /^\/branding\/school\/logo\?v=[A-Za-z0-9_-]{16}$/);
      const served = await server.inject({ url: body.logo.url });
      assert.deepEqual(served.rawPayload, png);
      assert.equal(served.headers["content-type"], "image/png");
      assert.deepEqual((await reader.call("GET", "/api/v1/branding")).json(), set.json());

      const jpeg = await admin.call("PATCH", "/api/v1/branding", { logo: base64(jpegLogo) });
      assert.equal((jpeg.json().logo as { contentType: string }).contentType, "image/jpeg");
      assert.equal(jpeg.json().accentColour, "#1a5e31", "a field left out stays");

      const cleared = await admin.call("PATCH", "/api/v1/branding", {
        accentColour: null,
        logo: null,
      });
      assert.deepEqual(cleared.json(), { id: "branding", accentColour: null, logo: null });
      assert.equal((await server.inject({ url: body.logo.url })).statusCode, 404);
      const audited = (await listAudit(t.ctx.store.db, school.id, 100)).filter(
        (a) => a.action === "Update branding",
      );
      assert.equal(audited.length, 3);
      assert.doesNotMatch(
        JSON.stringify(audited),
        new RegExp(base64(png).slice(0, 40)),
        "no bytes",
      );
    });

    test("a bad colour or logo is refused with its code and changes nothing", async () => {
      await admin.call("PATCH", "/api/v1/branding", { accentColour: "#0b4f8a" });
      const audited = async () => (await listAudit(t.ctx.store.db, school.id, 10_000)).length;
      const before = await audited();
      const refusals: [Record<string, unknown>, string][] = [
        [{ accentColour: "blue" }, "invalid_accent_colour"],
        [{ accentColour: "#0a5" }, "accent_colour_low_contrast"],
        [{ accentColour: "#0b4f8a", logo: base64(svgWithScript) }, "logo_not_png_or_jpeg"],
        [{ logo: "not base64 at all!" }, "logo_not_png_or_jpeg"],
        [{ logo: base64(pngImage(2048, 16, [0, 0, 0])) }, "logo_dimensions_too_large"],
        [{ logo: base64(Buffer.concat([jpegLogo, Buffer.alloc(110_000)])) }, "logo_too_large"],
      ];
      for (const [change, code] of refusals) {
        const refused = await admin.call("PATCH", "/api/v1/branding", change);
        assert.deepEqual(
          [refused.status, codeOf(refused)],
          [400, code],
          JSON.stringify(change).slice(0, 80),
        );
      }
      assert.equal(await audited(), before);
      const now = await reader.call("GET", "/api/v1/branding");
      assert.deepEqual(now.json(), { id: "branding", accentColour: "#0b4f8a", logo: null });
    });

    test("a reader may look but not change", async () => {
      const refused = await reader.call("PATCH", "/api/v1/branding", { accentColour: "#000000" });
      assert.deepEqual([refused.status, codeOf(refused)], [403, "forbidden"]);
    });
  });
}
