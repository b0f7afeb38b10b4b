import type { Context } from "../../context.ts";
import { findUserByUpn } from "../../store/queries/users.ts";
import type { PasswordVerdict } from "../password-source.ts";
import type { Tenant } from "../types.ts";
import { upnKey } from "../upn.ts";
import { applyDirectoryUser } from "./apply-directory-user.ts";
import type { DirectoryAccess } from "./connect.ts";
import { verifyDirectoryPassword } from "./verify-directory-password.ts";

/**
 * The LDAP side of the password port. The directory decides the password; Varco then brings its
 * user in step with the entry: created at the first successful sign-in (lookup on first
 * sign-in), profile and groups refreshed, blocked when the directory disabled the account. A
 * UPN the directory does not know is unknown, even if Varco has such a user: the directory keeps
 * the passwords.
 */
export async function checkDirectoryPassword(
  ctx: Context,
  tenant: Tenant,
  access: DirectoryAccess,
  upn: string,
  password: string,
): Promise<PasswordVerdict> {
  const typed = upn.trim();
  const usable = typed.length <= 256 && password.length <= 1024;
  const verdict = await verifyDirectoryPassword(
    access,
    usable ? typed : "",
    usable ? password : "",
  );
  const existing = () =>
    typed.length <= 256 ? findUserByUpn(ctx.store.db, tenant.id, upnKey(typed)) : undefined;
  switch (verdict.kind) {
    case "unknown":
      // The read a wrong password makes, made too: the answer comes no sooner.
      await existing();
      return { kind: "user_not_found" };
    case "wrong":
      return { kind: "invalid_password", user: await existing() };
    case "disabled": {
      const applied = await applyDirectoryUser(ctx, tenant, verdict.entry, {
        disabled: true,
        groups: undefined,
      });
      return { kind: "directory_account_disabled", user: applied.user };
    }
    case "right": {
      const applied = await applyDirectoryUser(ctx, tenant, verdict.entry, {
        disabled: false,
        groups: verdict.groups,
      });
      // Only a disabled entry makes no user, and this one is not disabled.
      if (!applied.user) return { kind: "user_not_found" };
      return { kind: "right", user: applied.user };
    }
  }
}
