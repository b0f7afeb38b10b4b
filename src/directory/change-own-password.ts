import { recordAudit } from "../audit/record-audit.ts";
import type { Context } from "../context.ts";
import { hashPassword } from "../crypto/password.ts";
import { VarcoError } from "../errors/varco-error.ts";
import type { SignedIn } from "../sessions/authenticate-session.ts";
import { passwordAccepted, takePasswordAttempt } from "../sign-in/password-throttle.ts";
import type { ClientInfo } from "../sign-in/types.ts";
import { userActor } from "../sign-in/user-actor.ts";
import { deleteAppPasswordsOf } from "../store/queries/app-passwords.ts";
import { endPasswordSignIns } from "../store/queries/pending-sign-ins.ts";
import { deleteRememberedDevices } from "../store/queries/remembered-devices.ts";
import { revokeOtherSessions } from "../store/queries/sessions.ts";
import { setPasswordChangeForced, updatePasswordHash } from "../store/queries/users.ts";
import { writeDirectoryPassword } from "./ldap/write-directory-password.ts";
import { checkPassword } from "./password-rules.ts";
import { checkTenantPassword } from "./password-source.ts";
import { upnKey } from "./upn.ts";

/**
 * A signed-in user changes their own password on Security info: the current one first, checked
 * and throttled as at sign-in (a borrowed session cannot guess it), then a new one under the same
 * rules and hashing as every password. Sign-ins begun elsewhere with the old password end; with
 * `signOutElsewhere` every other session and remembered device of the user end too, in the same
 * transaction as the change and its audit entry. A tenant whose passwords live in its directory
 * has the new one written there, as the user with the current one (the directory's own policy
 * may refuse it: `directory_refused_password`), and Varco stores nothing of it.
 */
export async function changeOwnPassword(
  ctx: Context,
  who: SignedIn,
  input: {
    currentPassword: string;
    newPassword: string;
    repeatedPassword: string;
    signOutElsewhere: boolean;
  },
  client: ClientInfo,
): Promise<void> {
  const { user, tenant, session } = who;
  if (input.newPassword !== input.repeatedPassword) throw new VarcoError("passwords_do_not_match");
  const key = upnKey(user.upn);
  const { retryAt } = await takePasswordAttempt(ctx, tenant, key, client.ip);
  if (retryAt !== undefined) throw new VarcoError("throttled");
  const verdict = await checkTenantPassword(ctx, tenant, user.upn, input.currentPassword);
  if (verdict.kind !== "right" || verdict.user.id !== user.id)
    throw new VarcoError("wrong_current_password");
  await passwordAccepted(ctx, tenant, key, client.ip);
  if (input.newPassword === input.currentPassword) throw new VarcoError("same_password");
  const newPassword = await checkPassword(input.newPassword, {
    upn: user.upn,
    displayName: user.displayName,
    tenantName: tenant.name,
    tenantDisplayName: tenant.displayName,
  });
  if (tenant.hasDirectory) {
    await writeDirectoryPassword(ctx, tenant, user, newPassword, {
      currentPassword: input.currentPassword,
    });
  }
  const passwordHash = tenant.hasDirectory ? null : await hashPassword(newPassword);
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    if (passwordHash !== null) await updatePasswordHash(tx, user.id, passwordHash);
    await setPasswordChangeForced(tx, user.id, null);
    const signInsEnded = await endPasswordSignIns(tx, { userId: user.id, now });
    await deleteAppPasswordsOf(tx, user.id);
    const sessionsRevoked = input.signOutElsewhere
      ? await revokeOtherSessions(tx, user.id, now, session.id)
      : 0;
    const rememberedDevicesRevoked = input.signOutElsewhere
      ? await deleteRememberedDevices(tx, user.id)
      : 0;
    await recordAudit(
      tx,
      { now, actor: userActor(user, client), keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Change password",
        targetType: "user",
        targetId: user.id,
        details: {
          upn: user.upn,
          signedOutElsewhere: input.signOutElsewhere,
          sessionsRevoked,
          rememberedDevicesRevoked,
          signInsEnded,
        },
      },
    );
  });
}
