import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { ContractApp } from "../contracts/contract-app.ts";

/** Where the pages that use passkeys load the WebAuthn helper from (see passkey.js). */
export const webauthnHelperPath = "/static/webauthn/simplewebauthn-browser.js";

/**
 * The browser half of @simplewebauthn (its UMD bundle, global `SimpleWebAuthnBrowser`), served by
 * Varco itself so the pages' Content-Security-Policy (`script-src 'self'`) needs no other origin.
 * Read once, from the installed package: its version is the one package-lock.json pins.
 */
export function registerWebauthnScriptRoute(app: ContractApp): void {
  const entry = createRequire(import.meta.url).resolve("@simplewebauthn/browser");
  const bundle = readFileSync(new URL("../dist/bundle/index.umd.min.js", pathToFileURL(entry)));
  app.get(webauthnHelperPath, { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type("text/javascript; charset=utf-8")
      .header("cache-control", "public, max-age=3600")
      .header("x-content-type-options", "nosniff")
      .send(bundle),
  );
}
