import type { FastifyInstance } from "fastify";
import type { Context } from "../../src/context.ts";
import { browserLike } from "../support/http-client.ts";
import { softAuthenticator } from "../support/soft-authenticator.ts";
import { buildTestServer, type TestApp } from "../support/test-app.ts";

/** The relying party the passkey tests serve: a public URL that can host passkeys. */
export const testOrigin = "https://mfa.scuola.example";
export const testRelyingParty = { id: "mfa.scuola.example", origin: testOrigin };

/** The app's context with passkeys available (its public URL as the relying party). */
export const withPasskeys = (t: TestApp): Context => ({ ...t.ctx, relyingParty: testRelyingParty });

export async function passkeyServer(t: TestApp): Promise<FastifyInstance> {
  return buildTestServer(withPasskeys(t));
}

export const authenticator = (attachment: "platform" | "cross-platform" = "platform") =>
  softAuthenticator({ origin: testOrigin, attachment });

/** A browser-like client of the JSON API. */
export const apiBrowser = (server: FastifyInstance) => browserLike(server);
