import { AndFilter, type Client, type Entry, EqualityFilter, FilterParser } from "ldapts";
import { upnSearchValue, userAttributes } from "./directory-entry.ts";
import type { DirectorySettings } from "./settings.ts";

/**
 * The user entry of a UPN, searched for by the bound account under the user base:
 * `(&<user filter>(<upn attribute>=<value>))`, the UPN an escaped equality value (`*)(uid=*` is
 * a value, not a filter). Two entries for one UPN is the directory's mistake, and count as none.
 * A UPN of another domain than `upnDomain` is searched as typed, and found by no entry: the same
 * round trip as any other.
 */
export async function findDirectoryEntry(
  client: Client,
  settings: DirectorySettings,
  upn: string,
): Promise<Entry | undefined> {
  const value = upnSearchValue(settings, upn) ?? upn;
  const found = (
    await client.search(settings.userBaseDn, {
      scope: "sub",
      filter: new AndFilter({
        filters: [
          FilterParser.parseString(settings.userFilter),
          new EqualityFilter({ attribute: settings.upnAttribute, value }),
        ],
      }),
      attributes: userAttributes(settings),
    })
  ).searchEntries;
  return found.length === 1 ? found[0] : undefined;
}
