import type { Context } from "../context.ts";
import { issueToken, tokenHashes } from "../sign-in/tokens.ts";
import type { IssuedToken } from "../sign-in/types.ts";
import type { Db } from "../store/open-store.ts";
import { rotateRememberedDevice } from "../store/queries/remembered-devices.ts";

/**
 * Uses the browser's remembered-device token, if it is live for this user: the token is replaced
 * in the same write (rotation), the returned token goes back in the cookie, and a copied old
 * cookie no longer works. Of two sign-ins with one token at once, one gets the device.
 */
export async function recogniseDevice(
  ctx: Context,
  db: Db,
  userId: string,
  token: string | null | undefined,
): Promise<IssuedToken | undefined> {
  if (!token) return undefined;
  const hashes = tokenHashes(ctx.keyring, "remembered-device", token);
  if (hashes.length === 0) return undefined;
  const next = issueToken(ctx.keyring, "remembered-device");
  const device = await rotateRememberedDevice(db, {
    hashes,
    userId,
    newHash: next.hash,
    now: ctx.now(),
  });
  return device && { token: next.token, expiresAt: device.expiresAt };
}
