import type { Web } from "./web-context.ts";

/**
 * Whether the sign-in page offers "Sign in with a passkey" and the user name field's passkey
 * autofill: where the public URL can host passkeys (relying-party.ts). Whether the tenant allows
 * them for the user is known only once the key names the user; the sign-in event checks it.
 */
export function passkeySignInOffer(web: Web): { passkey?: true } {
  return web.ctx.relyingParty ? { passkey: true } : {};
}
