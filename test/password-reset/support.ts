import type { FastifyInstance } from "fastify";
import type { TenantPolicy } from "../../src/policy/tenant-policy.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { findTenantById } from "../../src/store/queries/tenants.ts";
import { browserLike } from "../support/http-client.ts";
import { csrfOf, formHeaders, html } from "../support/page-sign-in.ts";
import { type TestApp, testActor } from "../support/test-app.ts";

/** Sets some of the tenant's policy, read afresh (an earlier change may have moved it). */
export async function setPolicy(t: TestApp, changes: Partial<TenantPolicy>): Promise<void> {
  const tenant = await findTenantById(t.ctx.store.db, t.tenant.id);
  if (!tenant) throw new Error("no tenant");
  await changeTenantPolicy(t.ctx, testActor, tenant, changes);
}

/** A browser at "Forgot your password?": it starts a reset for `upn` and walks its pages. */
export async function startReset(server: FastifyInstance, upn: string, language = "en") {
  const browser = browserLike(server, { ...html, "accept-language": language });
  const token = csrfOf((await browser.request({ url: "/password-reset" })).body);
  const post = (url: string, fields: Record<string, string> = {}) =>
    browser.request({
      method: "POST",
      url,
      headers: formHeaders,
      payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
    });
  const started = await post("/password-reset", { upn });
  return { browser, post, started, get: (url: string) => browser.request({ url }) };
}

/** A page's body without what differs from one request to the next (the CSRF token). */
export const stable = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, "");
