import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const run = promisify(execFile);

// As in Entra: "select the option Allow users to create app passwords to sign into non-browser
// applications". The setting on the policy page, in both languages, and in the CLI.
for (const kind of databaseKinds) {
  describe(`the policy page's app password setting on ${kind}`, () => {
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

    test("off by default, turned on with its checkbox, audited", async () => {
      const u = await createSignInUser(t, `policy.${kind}@scuola.example`);
      await assignRole(t.ctx, testActor, u.user, "authenticationPolicyAdministrator");
      const pages = await signInToPages(t, server, u);
      const form = await pages.get("/admin/policy?lang=en");
      assert.equal(form.statusCode, 200);
      assert.match(
        form.body,
        /Allow users to create app passwords to sign in to non-browser applications/,
      );
      assert.match(
        form.body,
        /<input type="checkbox" id="appPasswordsAllowed" name="appPasswordsAllowed" value="on" aria-describedby="appPasswordsAllowed-hint">/,
      );
      const italian = await pages.get("/admin/policy?lang=it");
      assert.match(
        italian.body,
        /Consentire agli utenti di creare password dell&#39;app|Consentire agli utenti di creare password dell'app/,
      );
      const fields = Object.fromEntries(
        [
          ...form.body.matchAll(/<input type="number" id="([^"]+)" name="[^"]+" value="([^"]*)"/g),
        ].map((m) => [m[1], m[2]]),
      ) as Record<string, string>;
      const saved = await pages.post("/admin/policy", {
        ...fields,
        mfaRequiredFor: "all",
        highRiskAction: "block",
        reportSuspiciousActivity: "on",
        appPasswordsAllowed: "on",
        timeZone: "Europe/Rome",
      });
      assert.equal(saved.headers.location, "/admin/policy?notice=policy_saved");
      assert.equal((await findTenant(t.ctx)).policy.appPasswordsAllowed, true);
      assert.match(
        (await pages.get("/admin/policy")).body,
        /name="appPasswordsAllowed" value="on"[^>]* checked/,
      );
      const [audit] = await t.ctx.store.db
        .selectFrom("audit_log")
        .select("details_json")
        .where("action", "=", "Update tenant policy")
        .execute();
      const details = JSON.parse(String(audit?.details_json));
      assert.deepEqual(
        [details.before.appPasswordsAllowed, details.after.appPasswordsAllowed],
        [false, true],
      );
    });
  });
}

describe("varco tenant policy --app-passwords", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "varco-cli-app-passwords-"));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const varco = (...args: string[]) =>
    run(process.execPath, ["bin/varco.js", ...args], {
      cwd: new URL("../..", import.meta.url).pathname,
      env: { ...process.env, VARCO_DATA_DIR: dataDir },
    });

  test("yes or no; anything else refused", async () => {
    const shown = await varco("tenant", "policy", "--json");
    assert.equal(JSON.parse(shown.stdout).appPasswordsAllowed, false);
    const on = await varco("tenant", "policy", "--app-passwords", "yes", "--json");
    assert.equal(JSON.parse(on.stdout).appPasswordsAllowed, true);
    await assert.rejects(
      varco("tenant", "policy", "--app-passwords", "maybe"),
      (e: { stderr: string }) => e.stderr.includes("invalid_policy: --app-passwords"),
    );
    const off = await varco("tenant", "policy", "--app-passwords", "no", "--json");
    assert.equal(JSON.parse(off.stdout).appPasswordsAllowed, false);
  });
});
