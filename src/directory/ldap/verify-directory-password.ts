import { randomUUID } from "node:crypto";
import { type Client, InvalidCredentialsError } from "ldapts";
import { closeQuietly, connectDirectory, type DirectoryAccess, unavailable } from "./connect.ts";
import { type DirectoryEntry, readDirectoryEntry } from "./directory-entry.ts";
import { findDirectoryEntry } from "./find-directory-entry.ts";
import { type DirectoryGroups, readUserGroups } from "./read-groups.ts";

/** What the directory says of a UPN and a password. */
export type DirectoryVerdict =
  | { readonly kind: "unknown" }
  | { readonly kind: "wrong"; readonly entry: DirectoryEntry }
  /** The password is right, but the account is disabled in the directory. */
  | { readonly kind: "disabled"; readonly entry: DirectoryEntry }
  | { readonly kind: "right"; readonly entry: DirectoryEntry; readonly groups: DirectoryGroups };

/**
 * Checks a password by binding as the user's DN, found by a search as the service account; the
 * password is sent to the directory over TLS and kept nowhere. The UPN goes into the search as
 * an equality filter (escaped: `*)(uid=*` is a value, not a filter). An unknown UPN costs the
 * same round trips as a known one: a disabled-check search and a bind to a DN that does not
 * exist, so neither the answer nor its time tells them apart (invariant 4). An empty password is
 * wrong without asking: LDAP takes a simple bind without one as anonymous, and would say yes.
 * Whether the account is disabled is asked at every sign-in, so a block in the directory counts
 * before any sync. Throws `directory_unavailable` when the directory cannot answer.
 */
export async function verifyDirectoryPassword(
  access: DirectoryAccess,
  upn: string,
  password: string,
): Promise<DirectoryVerdict> {
  const { settings } = access;
  const client = await connectDirectory(access);
  try {
    const only = await findDirectoryEntry(client, settings, upn);
    const entry = only && readDirectoryEntry(settings, only);
    const disabled = await isDisabled(client, access, entry?.dn ?? settings.userBaseDn);
    const bindDn = entry?.dn ?? `cn=${randomUUID()},${settings.userBaseDn}`;
    const right = password.length > 0 && (await bindsAs(client, bindDn, password));
    if (!entry) return { kind: "unknown" };
    if (!right) return { kind: "wrong", entry };
    if (disabled) return { kind: "disabled", entry };
    // Back to the service account, which may read the groups the user may not.
    await client.bind(settings.bindDn, access.bindPassword);
    return { kind: "right", entry, groups: await readUserGroups(client, settings, entry.dn) };
  } catch (error) {
    throw unavailable(error, "password check");
  } finally {
    await closeQuietly(client);
  }
}

/**
 * Whether the entry at `dn` matches the disabled filter (a search of that one entry). For an
 * unknown user the same search runs on the base DN, whose answer is not used.
 */
async function isDisabled(client: Client, access: DirectoryAccess, dn: string): Promise<boolean> {
  const filter = access.settings.disabledFilter;
  if (!filter) return false;
  const { searchEntries } = await client.search(dn, { scope: "base", filter, attributes: ["1.1"] });
  return searchEntries.length > 0;
}

/** A simple bind; the directory's "invalid credentials" is a wrong password, not a failure. */
async function bindsAs(client: Client, dn: string, password: string): Promise<boolean> {
  try {
    await client.bind(dn, password);
    return true;
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return false;
    throw error;
  }
}
