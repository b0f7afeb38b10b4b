import { AndFilter, type Client, EqualityFilter, FilterParser } from "ldapts";
import { allValues, dnKey, firstValue } from "./directory-entry.ts";
import type { DirectorySettings } from "./settings.ts";

/**
 * The directory's groups as far as one user is concerned: every group's name (so that a group
 * the user left is known to be the directory's), and those the user is a member of. Undefined
 * when the tenant reads no groups.
 */
export type DirectoryGroups =
  | { readonly all: readonly string[]; readonly memberOf: readonly string[] }
  | undefined;

/** The longest group name Varco keeps (create-group.ts). */
const maxGroupName = 100;

/** Every group, and the user's: two searches, the second on the member attribute (escaped). */
export async function readUserGroups(
  client: Client,
  settings: DirectorySettings,
  userDn: string,
): Promise<DirectoryGroups> {
  if (!settings.groupBaseDn) return undefined;
  const names = async (filter: AndFilter | string) => {
    const { searchEntries } = await client.search(settings.groupBaseDn as string, {
      scope: "sub",
      filter,
      attributes: [settings.groupNameAttribute],
      paged: true,
    });
    return searchEntries.flatMap((e) => groupName(settings, e) ?? []);
  };
  const all = await names(settings.groupFilter);
  const memberOf = await names(
    new AndFilter({
      filters: [
        FilterParser.parseString(settings.groupFilter),
        new EqualityFilter({ attribute: settings.groupMemberAttribute, value: userDn }),
      ],
    }),
  );
  return { all, memberOf };
}

/** Every group with its members' DNs (as dnKey), for a sync. */
export async function readAllGroups(
  client: Client,
  settings: DirectorySettings,
): Promise<Map<string, Set<string>> | undefined> {
  if (!settings.groupBaseDn) return undefined;
  const { searchEntries } = await client.search(settings.groupBaseDn, {
    scope: "sub",
    filter: settings.groupFilter,
    attributes: [settings.groupNameAttribute, settings.groupMemberAttribute],
    paged: true,
  });
  const groups = new Map<string, Set<string>>();
  for (const entry of searchEntries) {
    const name = groupName(settings, entry);
    if (name === undefined) continue;
    const members = groups.get(name) ?? new Set<string>();
    for (const dn of allValues(entry, settings.groupMemberAttribute)) members.add(dnKey(dn));
    groups.set(name, members);
  }
  return groups;
}

function groupName(
  settings: DirectorySettings,
  entry: Parameters<typeof firstValue>[0],
): string | undefined {
  const name = firstValue(entry, settings.groupNameAttribute)?.trim();
  return name && name.length <= maxGroupName ? name : undefined;
}
