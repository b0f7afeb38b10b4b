import type { Context } from "../context.ts";
import { checkDirectoryPassword } from "./ldap/check-directory-password.ts";
import { loadDirectory } from "./ldap/load-directory.ts";
import { checkLocalPassword } from "./local-password.ts";
import type { Tenant, User } from "./types.ts";

/**
 * What checking a UPN and password against the tenant's user store found. `user` is the Varco
 * user, when there is one (a directory's user exists in Varco once signed in or synced).
 */
export type PasswordVerdict =
  | { readonly kind: "user_not_found" }
  | { readonly kind: "invalid_password"; readonly user: User | undefined }
  /** The password is right, but the directory disabled the account. */
  | { readonly kind: "directory_account_disabled"; readonly user: User | undefined }
  | { readonly kind: "right"; readonly user: User };

/**
 * The directory port of the password check (DESIGN: directory → local | ldap | scim): a tenant
 * with a directory checks passwords there, every other one against Varco's own argon2id hashes.
 * Either way an unknown user and a wrong password cost the same work (invariant 4).
 */
export async function checkTenantPassword(
  ctx: Context,
  tenant: Tenant,
  upn: string,
  password: string,
): Promise<PasswordVerdict> {
  const directory = tenant.hasDirectory ? await loadDirectory(ctx, tenant.id) : undefined;
  return directory
    ? checkDirectoryPassword(ctx, tenant, directory, upn, password)
    : checkLocalPassword(ctx, tenant, upn, password);
}
