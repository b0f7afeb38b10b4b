import type { Context } from "../context.ts";
import { dummyPasswordHash, verifyPassword } from "../crypto/password.ts";
import { findUserCredentials } from "../store/queries/users.ts";
import type { PasswordVerdict } from "./password-source.ts";
import type { Tenant } from "./types.ts";
import { upnKey } from "./upn.ts";

/**
 * Varco's own passwords: an unknown user, a user without a password and a wrong password each
 * cost a full argon2id check, so no answer and no timing tells them apart.
 */
export async function checkLocalPassword(
  ctx: Context,
  tenant: Tenant,
  upn: string,
  password: string,
): Promise<PasswordVerdict> {
  const key = upnKey(upn);
  const found =
    key.length <= 256 ? await findUserCredentials(ctx.store.db, tenant.id, key) : undefined;
  const hash = found?.passwordHash ?? (await dummyPasswordHash());
  const right = await verifyPassword(hash, password.slice(0, 1024));
  if (!found) return { kind: "user_not_found" };
  if (!found.passwordHash || !right) return { kind: "invalid_password", user: found.user };
  return { kind: "right", user: found.user };
}
