import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { User } from "../directory/types.ts";
import { releaseTokens } from "../hardware-tokens/release-tokens.ts";
import type { Db } from "../store/open-store.ts";
import { listMethods } from "../store/queries/methods.ts";
import { listPasskeyCredentials } from "../store/queries/passkeys.ts";
import { listPhoneMethods } from "../store/queries/phone-methods.ts";
import { deleteRememberedDevices } from "../store/queries/remembered-devices.ts";
import { setReregisterRequired } from "../store/queries/users.ts";
import { oathKinds } from "./types.ts";

/**
 * Seed 003 "Require re-register MFA": at the next sign-in the user is taken through setting up
 * MFA again, and no session starts before they have. With `removeMethods` the old methods and
 * backup codes go at once (the phone is lost: the password alone then leads to registration);
 * without, the user proves themselves with an old method first, then registers a new one.
 * Remembered devices are forgotten either way, so that none skips the new registration.
 */
export async function requireReregistration(
  ctx: Context,
  actor: Actor,
  user: User,
  options: { removeMethods: boolean },
): Promise<{ methodsRemoved: number }> {
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    let methodsRemoved = 0;
    if (options.removeMethods) {
      await releaseTokens(tx, user.id);
      const removed = await tx
        .deleteFrom("auth_methods")
        .where("user_id", "=", user.id)
        .executeTakeFirst();
      methodsRemoved = Number(removed.numDeletedRows);
      await tx.deleteFrom("backup_codes").where("user_id", "=", user.id).execute();
      const keys = await tx
        .deleteFrom("passkey_credentials")
        .where("user_id", "=", user.id)
        .executeTakeFirst();
      methodsRemoved += Number(keys.numDeletedRows);
    }
    await deleteRememberedDevices(tx, user.id);
    await setReregisterRequired(tx, user.id, now);
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Require re-register MFA",
        targetType: "user",
        targetId: user.id,
        details: { upn: user.upn, removeMethods: options.removeMethods, methodsRemoved },
      },
    );
    return { methodsRemoved };
  });
}

/**
 * The methods that count towards the tenant's required number (active OATH methods, the
 * phones the user may use now, and passkeys while the tenant lets the user use them): all of them, or, when re-registration was required, only those
 * registered since.
 */
export async function registeredMethodCount(
  db: Db,
  user: User,
  usablePhones: readonly { readonly phoneType: string }[] = [],
  options: { passkeysUsable?: boolean } = {},
): Promise<number> {
  const since = user.reregisterRequiredAt;
  const fresh = (createdAt: number) => since === null || createdAt >= since;
  const apps = (await listMethods(db, user.id)).filter(
    (m) =>
      m.state === "active" &&
      (oathKinds as readonly string[]).includes(m.kind) &&
      fresh(m.createdAt),
  ).length;
  const keys = options.passkeysUsable
    ? (await listPasskeyCredentials(db, user.id)).filter((k) => fresh(Number(k.created_at))).length
    : 0;
  if (usablePhones.length === 0) return apps + keys;
  const usable = new Set(usablePhones.map((p) => p.phoneType));
  const phones = (await listPhoneMethods(db, user.id)).filter(
    (p) => usable.has(p.phoneType) && fresh(p.createdAt),
  ).length;
  return apps + phones + keys;
}

/** The registration asked for is done: the next sign-in is an ordinary one. */
export async function reregistrationDone(db: Db, user: User): Promise<void> {
  if (user.reregisterRequiredAt !== null) await setReregisterRequired(db, user.id, null);
}
