import { createHmac, createSecretKey, hkdfSync, type KeyObject, randomUUID } from "node:crypto";
import type { Context } from "../context.ts";
import { constantTimeEqual } from "../crypto/constant-time.ts";
import type { MasterKey } from "../crypto/keyring.ts";
import { roles as knownRoles, type Role } from "../roles/roles.ts";

/** An admin API access token lives an hour, as Entra's do; the client asks for a new one. */
export const accessTokenSeconds = 3600;

export type AccessTokenClaims = {
  readonly iss: "varco";
  /** The API client's id. */
  readonly sub: string;
  readonly tid: string;
  readonly roles: readonly Role[];
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
};

// A key of its own per master key, so a token signature can never pass for a keyed hash.
const tokenKeys = new WeakMap<MasterKey, KeyObject>();
function tokenKey(masterKey: MasterKey): KeyObject {
  let key = tokenKeys.get(masterKey);
  if (!key) {
    key = createSecretKey(
      Buffer.from(hkdfSync("sha256", masterKey.key, "", "varco access token v1", 32)),
    );
    tokenKeys.set(masterKey, key);
  }
  return key;
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const sign = (masterKey: MasterKey, signed: string) =>
  createHmac("sha256", tokenKey(masterKey)).update(signed).digest("base64url");

/**
 * A JWT (HS256 under a key derived from the master key) carrying the client's roles: the
 * admin API checks it without a database read for the roles, and it stops working at `exp`.
 */
export function issueAccessToken(
  ctx: Context,
  client: { id: string; tenantId: string },
  roles: readonly Role[],
): { accessToken: string; expiresIn: number } {
  const masterKey = ctx.keyring.current;
  const iat = Math.floor(ctx.now() / 1000);
  const claims: AccessTokenClaims = {
    iss: "varco",
    sub: client.id,
    tid: client.tenantId,
    roles,
    iat,
    exp: iat + accessTokenSeconds,
    jti: randomUUID(),
  };
  const signed = `${encode({ alg: "HS256", typ: "JWT", kid: masterKey.id })}.${encode(claims)}`;
  return { accessToken: `${signed}.${sign(masterKey, signed)}`, expiresIn: accessTokenSeconds };
}

/** The claims of a token Varco signed and that has not expired; undefined for anything else. */
export function readAccessToken(ctx: Context, token: string): AccessTokenClaims | undefined {
  if (token.length > 4096) return undefined;
  const [header, payload, signature, extra] = token.split(".");
  if (!header || !payload || !signature || extra !== undefined) return undefined;
  const head = parseJson(header);
  if (head?.alg !== "HS256" || typeof head.kid !== "string") return undefined;
  const masterKey = ctx.keyring.byId(head.kid);
  if (!masterKey || !constantTimeEqual(sign(masterKey, `${header}.${payload}`), signature)) {
    return undefined;
  }
  const claims = parseJson(payload);
  const now = ctx.now() / 1000;
  if (
    claims?.iss !== "varco" ||
    typeof claims.sub !== "string" ||
    typeof claims.tid !== "string" ||
    typeof claims.exp !== "number" ||
    claims.exp <= now ||
    !Array.isArray(claims.roles) ||
    !claims.roles.every((role) => (knownRoles as readonly unknown[]).includes(role))
  ) {
    return undefined;
  }
  return claims as unknown as AccessTokenClaims;
}

function parseJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
