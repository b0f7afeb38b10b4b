import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import type { signInToPages } from "../support/page-sign-in.ts";
import { type TestApp, testActor } from "../support/test-app.ts";

const run = promisify(execFile);

export type Pages = Awaited<ReturnType<typeof signInToPages>>;

/** Turns the tenant's "Allow users to create app passwords" on or off. */
export async function allowAppPasswords(t: TestApp, allowed: boolean): Promise<void> {
  await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
    appPasswordsAllowed: allowed,
  });
}

/** The password on the page that shows a new app password once, as shown (grouped). */
export const shownPassword = (body: string) =>
  /<code class="app-password"[^>]*>([a-z ]+)<\/code>/.exec(body)?.[1];

/** Creates an app password on Security info, as the user does; returns the password shown. */
export async function createOnPages(pages: Pages, name: string): Promise<string> {
  const created = await pages.post("/security-info/app-passwords/new", { name });
  assert.equal(created.statusCode, 200, created.body.slice(0, 400));
  const password = shownPassword(created.body);
  assert.ok(password, "the page shows the password");
  return password;
}

/** A mail server's client of POST /api/v1/validate/app-password, with its own API key. */
export async function mailServer(t: TestApp, server: FastifyInstance) {
  const { key } = await createApiKey(t.ctx, testActor, t.tenant, { name: "imap" });
  return {
    key,
    async check(body: Record<string, unknown>, useKey = key) {
      const response = await server.inject({
        method: "POST",
        url: "/api/v1/validate/app-password",
        headers: { authorization: `Bearer ${useKey}`, "user-agent": "dovecot-test" },
        payload: body,
      });
      return { status: response.statusCode, body: response.body };
    },
    /** The answer's result, when the call was answered 200. */
    async result(upn: string, password: string, extra: Record<string, unknown> = {}) {
      const answer = await this.check({ upn, password, ...extra });
      assert.equal(answer.status, 200, answer.body);
      return (JSON.parse(answer.body) as { result: string }).result;
    },
  };
}

/** The sign-in log's entries of the app password endpoint for `upn`, oldest first. */
export async function appPasswordLog(t: TestApp, upn: string) {
  return t.ctx.store.db
    .selectFrom("sign_in_log")
    .select(["result", "reason", "client", "ip", "method_id", "first_factor", "user_id"])
    .where("upn", "=", upn)
    .where("first_factor", "=", "appPassword")
    .orderBy("time")
    .orderBy("id")
    .execute();
}

/** What a stolen disk or backup holds: pg_dump's data, or the SQLite file and its log. */
export async function dumpDatabase(t: TestApp): Promise<Buffer> {
  if (t.database.kind === "postgres") {
    const { stdout } = await run("pg_dump", ["--data-only", t.database.url], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return Buffer.from(stdout);
  }
  const dir = join(t.database.url.slice("sqlite:".length), "..");
  return Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name))));
}
