import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { browserLike } from "./http-client.ts";
import { oathtoolTotp } from "./oathtool.ts";
import { csrfOf, formHeaders, html } from "./page-sign-in.ts";
import { type SignInUser, testPassword } from "./sign-in-user.ts";
import type { TestApp } from "./test-app.ts";

export type PageBrowser = ReturnType<typeof pageBrowser>;

/** One browser on the pages; its form posts carry the CSRF token of its cookie. */
export function pageBrowser(server: FastifyInstance) {
  const browser = browserLike(server, html);
  let token = "";
  const get = async (url: string) => {
    const page = await browser.request({ url });
    token = csrfOf(page.body) || token;
    return page;
  };
  const post = (url: string, fields: Record<string, string> = {}) =>
    browser.request({
      method: "POST",
      url,
      headers: formHeaders,
      payload: new URLSearchParams({
        _csrf: browser.jar.get("varco_csrf") ?? token,
        ...fields,
      }).toString(),
    });
  return { jar: browser.jar, get, post };
}

/**
 * Signs `u` in on its tenant's own page (`/t/{tenant}/sign-in`, as a roll-out letter's link
 * does), with password and code, in a browser that may be signed in to other accounts already.
 */
export async function signInAs(
  t: TestApp,
  browser: PageBrowser,
  u: SignInUser,
  tenant: string,
): Promise<void> {
  const form = await browser.get(`/t/${tenant}/sign-in?add=1`);
  assert.equal(form.statusCode, 200, `the sign-in page of ${tenant}: ${form.headers.location}`);
  const first = await browser.post("/sign-in", { tenant, upn: u.upn, password: testPassword });
  assert.equal(first.headers.location, "/sign-in/verify", first.body);
  t.clock.advance(30_000);
  const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
  const done = await browser.post("/sign-in/verify", { code });
  assert.equal(done.headers.location, "/security-info", done.body);
}

/** The session ids the header's account picker offers to switch to, in order. */
export const switchTargets = (body: string) =>
  [...body.matchAll(/<input type="hidden" name="account" value="([^"]+)">/g)].map((m) => m[1]);
