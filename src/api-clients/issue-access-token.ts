import { randomUUID } from "node:crypto";
// Subpaths, not the whole of jose: every CLI command loads this module.
import { SignJWT } from "jose/jwt/sign";
import type { Context } from "../context.ts";
import type { Role } from "../roles/roles.ts";

/** An admin API access token lives an hour, as Entra's do; the client asks for a new one. */
export const accessTokenSeconds = 3600;

/** The `iss` of every access token Varco signs. */
export const accessTokenIssuer = "varco";

/**
 * A JWT for an API client (RFC 7519), HS256 under the current master key's access-token key, its
 * `kid` naming that master key so the token still verifies during a rotation: `sub` the client,
 * `tid` its tenant, `jti` a fresh id, valid `accessTokenSeconds` from now. It also carries the
 * client's `roles` at this moment, as Graph's tokens do: for the client to read; the admin API
 * takes the roles from the client's row on every request, never from the token.
 */
export async function issueAccessToken(
  ctx: Context,
  client: { id: string; tenantId: string; roles: readonly Role[] },
): Promise<{ accessToken: string; expiresIn: number }> {
  const masterKey = ctx.keyring.current;
  const iat = Math.floor(ctx.now() / 1000);
  const accessToken = await new SignJWT({ tid: client.tenantId, roles: [...client.roles] })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: masterKey.id })
    .setIssuer(accessTokenIssuer)
    .setSubject(client.id)
    .setIssuedAt(iat)
    .setExpirationTime(iat + accessTokenSeconds)
    .setJti(randomUUID())
    .sign(masterKey.accessTokenKey);
  return { accessToken, expiresIn: accessTokenSeconds };
}
