import { recordAudit } from "../audit/record-audit.ts";
import type { Context } from "../context.ts";
import { hashPassword } from "../crypto/password.ts";
import { isBlocked } from "../directory/is-blocked.ts";
import { writeDirectoryPassword } from "../directory/ldap/write-directory-password.ts";
import { checkPassword } from "../directory/password-rules.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { emailMethodOf } from "../methods/email/email-method-of.ts";
import type { ClientInfo } from "../sign-in/types.ts";
import { userActor } from "../sign-in/user-actor.ts";
import { deleteAppPasswordsOf } from "../store/queries/app-passwords.ts";
import { completePasswordReset, endPasswordResets } from "../store/queries/password-resets.ts";
import { endPasswordSignIns } from "../store/queries/pending-sign-ins.ts";
import { deleteRememberedDevices } from "../store/queries/remembered-devices.ts";
import { revokeSessions } from "../store/queries/sessions.ts";
import { setPasswordChangeForced, updatePasswordHash } from "../store/queries/users.ts";
import { type PasswordReset, resetProven } from "./load-password-reset.ts";
import { passwordChangedMail } from "./password-changed-mail.ts";

/**
 * The reset's last step: a new password under the tenant's rules, once the methods asked for are
 * proven. In one transaction with the audit entry: the reset is completed (once: a second
 * request finds it over), the password set (in the tenant's directory, when it has one), and every session, remembered device, app password, sign-in begun
 * with the old password and other reset of the user ended. Then the user is told by e-mail, with
 * the helpdesk's contact. A user blocked meanwhile resets nothing.
 */
export async function finishPasswordReset(
  ctx: Context,
  reset: PasswordReset,
  input: { readonly newPassword: string; readonly repeatedPassword: string },
  client: ClientInfo,
): Promise<void> {
  const { user, tenant } = reset;
  if (!user || !resetProven(reset)) throw new VarcoError("password_reset_not_verified");
  if (isBlocked(user, ctx.now())) throw new VarcoError("password_reset_expired");
  if (input.newPassword !== input.repeatedPassword) throw new VarcoError("passwords_do_not_match");
  const newPassword = await checkPassword(input.newPassword, {
    upn: user.upn,
    displayName: user.displayName,
    tenantName: tenant.name,
    tenantDisplayName: tenant.displayName,
  });
  // A directory's password is written there, as the service account; its own rules may refuse it.
  if (tenant.hasDirectory) await writeDirectoryPassword(ctx, tenant, user, newPassword);
  const passwordHash = tenant.hasDirectory ? null : await hashPassword(newPassword);
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    if (!(await completePasswordReset(tx, { id: reset.row.id, now })))
      throw new VarcoError("password_reset_expired");
    if (passwordHash !== null) await updatePasswordHash(tx, user.id, passwordHash);
    await setPasswordChangeForced(tx, user.id, null);
    const sessionsRevoked = await revokeSessions(tx, user.id, now);
    const rememberedDevicesRevoked = await deleteRememberedDevices(tx, user.id);
    const signInsEnded = await endPasswordSignIns(tx, { userId: user.id, now });
    await endPasswordResets(tx, user.id, now);
    const appPasswordsRevoked = await deleteAppPasswordsOf(tx, user.id);
    await recordAudit(
      tx,
      { now, actor: userActor(user, client), keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Reset password (self-service)",
        targetType: "user",
        targetId: user.id,
        details: {
          upn: user.upn,
          methods: reset.proven.map((proof) => proof.method),
          sessionsRevoked,
          rememberedDevicesRevoked,
          signInsEnded,
          appPasswordsRevoked,
        },
      },
    );
  });
  await tellUser(ctx, reset, now, client);
}

/**
 * The e-mail to the user's addresses (the directory's mail, the authentication e-mail); a mail
 * server that fails does not undo the reset.
 */
async function tellUser(
  ctx: Context,
  reset: PasswordReset,
  now: number,
  client: ClientInfo,
): Promise<void> {
  const { user, tenant } = reset;
  if (!ctx.mail || !user) return;
  const authentication = await emailMethodOf(ctx, user.id);
  const to = [
    ...new Set([user.mail, authentication?.address].filter((a): a is string => Boolean(a))),
  ];
  if (to.length === 0) return;
  const message = passwordChangedMail({
    language: reset.row.language === "it" ? "it" : "en",
    tenantName: tenant.displayName,
    upn: user.upn,
    at: now,
    timeZone: tenant.policy.timeZone,
    ip: client.ip,
    helpdeskContact: tenant.policy.helpdeskContact,
  });
  await ctx.mail.send({ to, ...message }).catch(() => undefined);
}
