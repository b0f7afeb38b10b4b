import {
  type Client,
  ConstraintViolationError,
  InsufficientAccessError,
  InvalidCredentialsError,
  UnwillingToPerformError,
} from "ldapts";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { Tenant, User } from "../types.ts";
import { closeQuietly, connectDirectory, unavailable } from "./connect.ts";
import { readDirectoryEntry } from "./directory-entry.ts";
import { findDirectoryEntry } from "./find-directory-entry.ts";
import { loadDirectory } from "./load-directory.ts";
import { passwordModifyOid, passwordModifyRequest } from "./password-modify-request.ts";
import type { DirectorySettings } from "./settings.ts";
import { unicodePwdChanges } from "./unicode-pwd.ts";

/**
 * Writes a new password to the tenant's directory, the one place it is kept (Varco stores
 * nothing of it). The user's entry is found by the service account as at sign-in; then:
 *
 * - with `currentPassword` (the user changing their own): bound as the user with it, so the
 *   directory applies the rules it has for a user's own change (minimum age, history);
 * - without (a reset): as the service account, which needs the right to write the password.
 *
 * OpenLDAP (and any server with it) gets the Password Modify extended operation (RFC 3062, with
 * `oldPasswd` when the user changes their own); Active Directory a modify of `unicodePwd`
 * (delete the current value and add the new one as the user, replace as the service account),
 * which AD accepts only over TLS. Nothing is sent over plain ldap:// (`directory_insecure_url`),
 * whatever the settings say.
 *
 * A refusal of the directory's own (its password policy: a constraint violation; no right to
 * write; unwilling to perform) is `directory_refused_password` with the directory's message as
 * the detail, for the user to read; a current password the directory does not take is
 * `wrong_current_password`; a directory that does not answer is `directory_unavailable`. The
 * caller audits the change.
 */
export async function writeDirectoryPassword(
  ctx: Context,
  tenant: Tenant,
  user: User,
  newPassword: string,
  options?: { currentPassword?: string },
): Promise<void> {
  const access = await loadDirectory(ctx, tenant.id);
  if (!access) {
    throw new VarcoError("directory_not_configured", `tenant '${tenant.name}' has no directory`);
  }
  const { settings } = access;
  refuseCleartext(settings);
  const currentPassword = options?.currentPassword;
  const client = await connectDirectory(access);
  try {
    const found = await findDirectoryEntry(client, settings, user.upn);
    const entry = found && readDirectoryEntry(settings, found);
    if (!entry) {
      throw new VarcoError("user_not_found", `the directory has no entry for '${user.upn}'`);
    }
    if (currentPassword !== undefined && !(await bindsAs(client, entry.dn, currentPassword))) {
      throw new VarcoError("wrong_current_password", "the directory refused the current password");
    }
    await setPassword(client, settings, entry.dn, newPassword, currentPassword);
  } catch (error) {
    if (error instanceof VarcoError) throw error;
    if (refusals.some((refusal) => error instanceof refusal)) {
      throw new VarcoError("directory_refused_password", directoryReason(error), {
        cause: error,
      });
    }
    throw unavailable(error, "password write");
  } finally {
    await closeQuietly(client);
  }
}

/** The answers in which the directory refuses the password itself, not the connection. */
const refusals = [ConstraintViolationError, InsufficientAccessError, UnwillingToPerformError];

function setPassword(
  client: Client,
  settings: DirectorySettings,
  dn: string,
  newPassword: string,
  currentPassword: string | undefined,
): Promise<unknown> {
  if (settings.kind === "activeDirectory") {
    return client.modify(dn, unicodePwdChanges(newPassword, currentPassword));
  }
  return client.exop(
    passwordModifyOid,
    passwordModifyRequest({ userDn: dn, oldPassword: currentPassword, newPassword }),
  );
}

/**
 * Plain ldap:// carries the password in the clear, and Active Directory refuses `unicodePwd`
 * over it anyway. The settings refuse such a URL when saved; this holds for any that got past.
 */
function refuseCleartext(settings: DirectorySettings): void {
  if (settings.url.startsWith("ldaps:") || settings.startTls) return;
  throw new VarcoError(
    "directory_insecure_url",
    settings.kind === "activeDirectory"
      ? "Active Directory takes a new password (unicodePwd) only over LDAPS or StartTLS, and the directory's url is plain ldap://"
      : "a new password is never sent over plain ldap://: use ldaps://, or ldap:// with StartTLS",
  );
}

/** A simple bind; an empty password is wrong without asking (LDAP would bind anonymously). */
async function bindsAs(client: Client, dn: string, password: string): Promise<boolean> {
  if (password.length === 0) return false;
  try {
    await client.bind(dn, password);
    return true;
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return false;
    throw error;
  }
}

/**
 * The directory's own diagnostic message, on one line and at most 300 characters (Active
 * Directory's span lines and tabs); the result's name when the directory gave none (the client
 * library then puts a text of its own, which is not the directory's reason).
 */
function directoryReason(error: unknown): string {
  const refusal = refusals.find((kind) => error instanceof kind);
  const name =
    refusal === ConstraintViolationError
      ? "constraintViolation"
      : refusal === InsufficientAccessError
        ? "insufficientAccessRights"
        : "unwillingToPerform";
  const message = error instanceof Error ? error.message : "";
  if (refusal && message === new refusal().message) return name;
  // The client library ends the message with the result code (" Code: 0x13").
  const oneLine = message
    .replace(/ Code: 0x[0-9a-f]+$/, "")
    .replace(/[\p{Cc}\p{Cf}\s]+/gu, " ")
    .trim()
    .slice(0, 300);
  return oneLine || name;
}
