import type { Entry } from "ldapts";
import { checkUpn } from "../upn.ts";
import { checkDepartment, checkDisplayName, checkMail, checkMobilePhone } from "../user-profile.ts";
import type { DirectorySettings } from "./settings.ts";

/** A user as the directory has them, in Varco's words. */
export type DirectoryEntry = {
  readonly dn: string;
  readonly upn: string;
  readonly displayName: string;
  readonly mail: string | null;
  readonly mobilePhone: string | null;
  readonly department: string | null;
};

/** The attributes a user search asks for. */
export function userAttributes(settings: DirectorySettings): string[] {
  return [
    settings.upnAttribute,
    settings.displayNameAttribute,
    settings.mailAttribute,
    settings.mobileAttribute,
    settings.departmentAttribute,
  ];
}

/**
 * Reads a user entry; undefined when its UPN is missing or not one Varco accepts. A profile value
 * Varco would refuse (a phone number without its country code) is left out, not fatal: the
 * directory is the source, and one odd value must not keep its user out.
 */
export function readDirectoryEntry(
  settings: DirectorySettings,
  entry: Entry,
): DirectoryEntry | undefined {
  const raw = firstValue(entry, settings.upnAttribute);
  if (raw === undefined) return undefined;
  const upn = lenient(() => checkUpn(settings.upnDomain ? `${raw}@${settings.upnDomain}` : raw));
  if (upn === undefined || upn === null) return undefined;
  const name = firstValue(entry, settings.displayNameAttribute);
  return {
    dn: entry.dn,
    upn,
    displayName: (name !== undefined && lenient(() => checkDisplayName(name))) || upn,
    mail: lenient(() => checkMail(firstValue(entry, settings.mailAttribute) ?? null)) ?? null,
    mobilePhone:
      lenient(() => checkMobilePhone(firstValue(entry, settings.mobileAttribute) ?? null)) ?? null,
    department:
      lenient(() => checkDepartment(firstValue(entry, settings.departmentAttribute) ?? null)) ??
      null,
  };
}

/** The value the directory holds for a UPN typed at sign-in, or undefined if it can hold none. */
export function upnSearchValue(settings: DirectorySettings, upn: string): string | undefined {
  if (!settings.upnDomain) return upn;
  const at = upn.lastIndexOf("@");
  if (at < 1 || upn.slice(at + 1).toLowerCase() !== settings.upnDomain) return undefined;
  return upn.slice(0, at);
}

/** The first value of an attribute, whatever case the server spells its name in. */
export function firstValue(entry: Entry, attribute: string): string | undefined {
  const values = allValues(entry, attribute);
  return values[0];
}

export function allValues(entry: Entry, attribute: string): string[] {
  const wanted = attribute.toLowerCase();
  const key = Object.keys(entry).find((k) => k.toLowerCase() === wanted);
  const value = key === undefined ? undefined : entry[key];
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list
    .map((v) => (Buffer.isBuffer(v) ? v.toString("utf8") : String(v)))
    .filter((v) => v.length > 0);
}

/** A DN as compared: lowercase, no spaces around separators (member values vary in both). */
export function dnKey(dn: string): string {
  return dn
    .toLowerCase()
    .replace(/\s*([,=+])\s*/g, "$1")
    .trim();
}

function lenient<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
