import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { assignRole } from "../../src/roles/assign-role.ts";
import { findBranding } from "../../src/store/queries/tenant-branding.ts";
import { jpegLogo, pngImage, svgWithScript } from "../support/images.ts";
import { csrfOf, html, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// /admin/branding: an administrator sets the colour and uploads the logo from the page; a bad
// value is shown with its reason and changes nothing; a reader sees the page without its forms.
const boundary = "----varco-branding-boundary";
const multipart = (
  fields: Record<string, string>,
  file: { name: string; type: string; bytes: Buffer },
) =>
  Buffer.concat([
    ...Object.entries(fields).map(([name, value]) =>
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    ),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);

describe("the branding admin page", () => {
  let t: TestApp;
  let server: FastifyInstance;
  before(async () => {
    t = await openTestApp("sqlite");
    server = await buildTestServer(t.ctx);
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  test("a Global Administrator sets the colour and the logo; bad ones are refused with their reason", async () => {
    const u = await createSignInUser(t, "branding.admin@example.it");
    await assignRole(t.ctx, testActor, u.user, "globalAdministrator");
    const admin = await signInToPages(t, server, u);
    const page = await admin.get("/admin/branding");
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<a href="\/admin\/branding">Branding<\/a>/, "in the admin menu");
    const token = csrfOf(page.body);
    const upload = (
      file: { name: string; type: string; bytes: Buffer },
      fields = { _csrf: token },
    ) =>
      admin.browser.request({
        method: "POST",
        url: "/admin/branding/logo",
        headers: { ...html, "content-type": `multipart/form-data; boundary=${boundary}` },
        payload: multipart(fields, file),
      });

    const light = await admin.post("/admin/branding/colour", {
      _csrf: token,
      accentColour: "#0a5",
    });
    assert.equal(light.statusCode, 400);
    assert.match(light.body, /The accent colour is too light/);
    const svg = await upload({ name: "logo.svg", type: "image/png", bytes: svgWithScript });
    assert.equal(svg.statusCode, 400);
    assert.match(svg.body, /The logo must be a PNG or JPEG image/);
    const big = await upload({
      name: "big.jpg",
      type: "image/jpeg",
      bytes: Buffer.concat([jpegLogo, Buffer.alloc(105_000)]),
    });
    assert.equal(big.statusCode, 400);
    assert.match(big.body, /The logo is too large/);
    const huge = await upload({
      name: "huge.jpg",
      type: "image/jpeg",
      bytes: Buffer.concat([jpegLogo, Buffer.alloc(1_000_000)]),
    });
    assert.equal(huge.statusCode, 413, "refused by its declared size, unread");
    const forged = await upload(
      { name: "logo.png", type: "image/png", bytes: pngImage(8, 8, [0, 0, 0]) },
      { _csrf: "x".repeat(43) },
    );
    assert.equal(forged.statusCode, 403);
    assert.equal(await findBranding(t.ctx.store.db, t.tenant.id), undefined, "nothing changed");

    const colour = await admin.post("/admin/branding/colour", {
      _csrf: token,
      accentColour: "#7A1F5C",
    });
    assert.equal(colour.headers.location, "/admin/branding?notice=branding_saved");
    const logo = await upload({ name: "logo.jpg", type: "image/jpeg", bytes: jpegLogo });
    assert.equal(logo.headers.location, "/admin/branding?notice=branding_saved");
    const saved = await admin.get("/admin/branding?notice=branding_saved");
    assert.match(saved.body, /The branding has been saved/);
    assert.match(saved.body, /value="#7a1f5c"/);
    assert.match(
      saved.body,
      /<img class="brand-logo" src="\/branding\/default\/logo\?v=/,
      "the header too",
    );
    const row = await findBranding(t.ctx.store.db, t.tenant.id);
    assert.deepEqual([row?.accent_colour, row?.logo_type], ["#7a1f5c", "image/jpeg"]);

    await admin.post("/admin/branding/logo/remove", { _csrf: token });
    await admin.post("/admin/branding/colour", { _csrf: token, clear: "on" });
    const cleared = await findBranding(t.ctx.store.db, t.tenant.id);
    assert.deepEqual([cleared?.accent_colour, cleared?.logo_type], [null, null]);
  });

  test("a Security Reader sees the branding without a form to change it", async () => {
    const u = await createSignInUser(t, "branding.reader@example.it");
    await assignRole(t.ctx, testActor, u.user, "securityReader");
    const reader = await signInToPages(t, server, u);
    const page = await reader.get("/admin/branding");
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /action="\/admin\/branding/);
    const refused = await reader.post("/admin/branding/colour", {
      _csrf: csrfOf(page.body),
      accentColour: "#000000",
    });
    assert.equal(refused.statusCode, 403);
  });
});
