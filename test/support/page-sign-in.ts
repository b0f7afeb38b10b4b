import type { FastifyInstance } from "fastify";
import { browserLike } from "./http-client.ts";
import { oathtoolTotp } from "./oathtool.ts";
import { type SignInUser, testPassword } from "./sign-in-user.ts";
import type { TestApp } from "./test-app.ts";

export const html = { accept: "text/html" };
export const formHeaders = { ...html, "content-type": "application/x-www-form-urlencoded" };
export const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? "";

/** A browser signed in to the pages as `u` with password and code; its form posts carry the CSRF token. */
export async function signInToPages(t: TestApp, server: FastifyInstance, u: SignInUser) {
  const browser = browserLike(server, html);
  const token = csrfOf((await browser.request({ url: "/sign-in" })).body);
  const post = (url: string, fields: Record<string, string> = {}) =>
    browser.request({
      method: "POST",
      url,
      headers: formHeaders,
      // The token changes at sign-in: the one in the CSRF cookie now.
      payload: new URLSearchParams({
        _csrf: browser.jar.get("varco_csrf") ?? token,
        ...fields,
      }).toString(),
    });
  const first = await post("/sign-in", { upn: u.upn, password: testPassword });
  if (first.headers.location === "/sign-in/verify") {
    t.clock.advance(30_000);
    await post("/sign-in/verify", {
      code: await oathtoolTotp(u.secret, { timeMs: t.clock.now() }),
    });
  }
  return { browser, post, get: (url: string) => browser.request({ url }) };
}
