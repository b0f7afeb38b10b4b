import { isIP } from "node:net";

/** The WebAuthn relying party: its id (the public URL's host name) and its origin. */
export type RelyingParty = { readonly id: string; readonly origin: string };

/**
 * The relying party of a public URL, or why it cannot be one. Browsers create passkeys only for
 * a secure origin whose host is a domain name (WebAuthn §5.1.3: an IP address is no valid RP ID):
 * https://, or http://localhost for trying Varco out on one machine.
 */
export function relyingPartyOf(
  publicUrl: string,
): { readonly relyingParty: RelyingParty } | { readonly problem: string } {
  const url = new URL(publicUrl);
  const host = url.hostname;
  if (isIP(host.replace(/^\[|\]$/g, "")) !== 0)
    return { problem: "its host is an IP address, and passkeys need a domain name" };
  const local = host === "localhost" || host.endsWith(".localhost");
  if (url.protocol !== "https:" && !local)
    return { problem: "passkeys need https:// (or http://localhost)" };
  return { relyingParty: { id: host, origin: url.origin } };
}
