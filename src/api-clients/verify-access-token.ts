import { JOSEError, JWKSNoMatchingKey } from "jose/errors";
import { jwtVerify } from "jose/jwt/verify";
import type { Context } from "../context.ts";
import { accessTokenIssuer } from "./issue-access-token.ts";

/** Far above the few hundred characters of a token Varco signs; anything longer is not ours. */
export const maxAccessTokenLength = 2048;

/** What a verified access token says: which client, of which tenant. */
export type VerifiedAccessToken = {
  readonly clientId: string;
  readonly tenantId: string;
  readonly jti: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
};

/**
 * The client and tenant of an access token that Varco signed (issueAccessToken) and that has not
 * expired by `ctx.now()`; undefined for anything else. Only HS256 is accepted (never `none`, nor
 * another algorithm, even under the right key), the key is the one the `kid` names among the
 * master keys in use, and the token must carry `typ: JWT`, `iss`, `sub`, `tid`, `iat`, `exp` and
 * `jti`. The `roles` a token carries are not read: they may have changed since it was issued.
 */
export async function verifyAccessToken(
  ctx: Context,
  token: string,
): Promise<VerifiedAccessToken | undefined> {
  if (token.length > maxAccessTokenLength) return undefined;
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const masterKey = typeof header.kid === "string" ? ctx.keyring.byId(header.kid) : undefined;
        if (!masterKey) throw new JWKSNoMatchingKey();
        return masterKey.accessTokenKey;
      },
      {
        algorithms: ["HS256"],
        typ: "JWT",
        issuer: accessTokenIssuer,
        requiredClaims: ["sub", "iat", "exp", "jti"],
        currentDate: new Date(ctx.now()),
      },
    );
    const { sub, tid, jti, exp } = payload;
    if (
      typeof sub !== "string" ||
      typeof tid !== "string" ||
      typeof jti !== "string" ||
      typeof exp !== "number"
    ) {
      return undefined;
    }
    return { clientId: sub, tenantId: tid, jti, expiresAt: exp * 1000 };
  } catch (error) {
    // Every way a token can be wrong is a JOSEError; anything else is a fault of ours.
    if (error instanceof JOSEError) return undefined;
    throw error;
  }
}
