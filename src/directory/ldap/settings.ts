import { X509Certificate } from "node:crypto";
import { FilterParser } from "ldapts";
import { VarcoError } from "../../errors/varco-error.ts";

/**
 * Which server the directory is, for what differs between them: how a new password is written
 * (src/directory/ldap/write-directory-password.ts). Settings saved before it existed are OpenLDAP's.
 */
export type DirectoryKind = "openldap" | "activeDirectory";
export const directoryKinds: readonly DirectoryKind[] = ["openldap", "activeDirectory"];

/**
 * How Varco reads a tenant's LDAP or Active Directory: where it is, how the connection is
 * protected, the service account that searches, and which attributes and filters mean what.
 * The service account's password is kept apart (sealed), never in these settings.
 */
export type DirectorySettings = {
  /** ldaps://host:636, or ldap://host:389 with `startTls`. */
  readonly url: string;
  /** Upgrade an ldap:// connection with StartTLS before anything is sent (required there). */
  readonly startTls: boolean;
  /** PEM of the authority to trust for the directory's certificate; null: the system's store. */
  readonly caPem: string | null;
  readonly bindDn: string;
  readonly userBaseDn: string;
  /** Which entries are users, e.g. `(objectClass=inetOrgPerson)`. */
  readonly userFilter: string;
  /** The attribute holding the UPN (`userPrincipalName`, `mail`), or its name part (`uid`). */
  readonly upnAttribute: string;
  /** When set, the attribute holds the name before the @ and the UPN is `value@upnDomain`. */
  readonly upnDomain: string | null;
  readonly displayNameAttribute: string;
  readonly mailAttribute: string;
  readonly mobileAttribute: string;
  readonly departmentAttribute: string;
  /**
   * Which user entries are disabled, e.g. AD's
   * `(userAccountControl:1.2.840.113556.1.4.803:=2)` or `(employeeType=disabled)`; empty: none.
   */
  readonly disabledFilter: string;
  /** Where groups are; null: groups are not read. */
  readonly groupBaseDn: string | null;
  readonly groupFilter: string;
  readonly groupNameAttribute: string;
  /** The group attribute listing its members' DNs (`member` for groupOfNames and AD). */
  readonly groupMemberAttribute: string;
  /** Minutes between syncs; 0: no periodic sync, users are looked up at first sign-in. */
  readonly syncIntervalMinutes: number;
  /**
   * The server: OpenLDAP (and any server with the Password Modify operation, RFC 3062), or
   * Active Directory (a new password is a modify of `unicodePwd`).
   */
  readonly kind: DirectoryKind;
};

/** Defaults for each kind of directory; every one can be changed. */
export const directoryPresets = {
  openldap: {
    userFilter: "(objectClass=inetOrgPerson)",
    upnAttribute: "mail",
    displayNameAttribute: "cn",
    mailAttribute: "mail",
    mobileAttribute: "mobile",
    departmentAttribute: "departmentNumber",
    disabledFilter: "",
    groupFilter: "(objectClass=groupOfNames)",
    groupNameAttribute: "cn",
    groupMemberAttribute: "member",
    kind: "openldap",
  },
  ad: {
    userFilter: "(&(objectCategory=person)(objectClass=user))",
    upnAttribute: "userPrincipalName",
    displayNameAttribute: "displayName",
    mailAttribute: "mail",
    mobileAttribute: "mobile",
    departmentAttribute: "department",
    disabledFilter: "(userAccountControl:1.2.840.113556.1.4.803:=2)",
    groupFilter: "(objectClass=group)",
    groupNameAttribute: "cn",
    groupMemberAttribute: "member",
    kind: "activeDirectory",
  },
} as const;

export type DirectoryPreset = keyof typeof directoryPresets;

const attributePattern = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
const domainPattern = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

const invalid = (detail: string) => new VarcoError("invalid_directory_settings", detail);

/**
 * Checks every setting and returns them normalised. ldap:// is accepted only with StartTLS;
 * anything else (ldapi, no host, a path) is refused.
 */
export function checkDirectorySettings(input: DirectorySettings): DirectorySettings {
  const url = checkUrl(input.url, input.startTls);
  const caPem = input.caPem?.trim() ? checkCa(input.caPem) : null;
  const dn = (name: string, value: string) => {
    const trimmed = value.trim();
    const control = [...trimmed].some((c) => c.charCodeAt(0) < 0x20 || c === "\x7f");
    if (trimmed.length === 0 || trimmed.length > 1024 || control) {
      throw invalid(`${name} must be a DN of 1 to 1024 characters`);
    }
    return trimmed;
  };
  const attribute = (name: string, value: string) => {
    if (!attributePattern.test(value)) throw invalid(`${name} must be an attribute name`);
    return value;
  };
  const filter = (name: string, value: string, optional: boolean) => {
    const trimmed = value.trim();
    if (trimmed === "" && optional) return "";
    if (trimmed.length > 1024) throw invalid(`${name} is over 1024 characters`);
    try {
      FilterParser.parseString(trimmed);
    } catch {
      throw invalid(`${name} is not an LDAP filter such as (objectClass=person)`);
    }
    return trimmed;
  };
  const upnDomain = input.upnDomain?.trim().toLowerCase() || null;
  if (upnDomain !== null && !domainPattern.test(upnDomain)) {
    throw invalid("upnDomain must be a DNS name such as school.it");
  }
  const minutes = input.syncIntervalMinutes;
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 7 * 24 * 60) {
    throw invalid("syncIntervalMinutes must be 0 (none) to 10080 (a week)");
  }
  if (minutes > 0 && minutes < 5) throw invalid("syncIntervalMinutes must be 0, or 5 or more");
  // Settings saved before `kind` existed are OpenLDAP's.
  const kind = (input as { kind?: unknown }).kind ?? "openldap";
  if (!directoryKinds.includes(kind as DirectoryKind)) {
    throw invalid("kind must be openldap or activeDirectory");
  }
  return {
    url,
    startTls: url.startsWith("ldap:"),
    caPem,
    bindDn: dn("bindDn", input.bindDn),
    userBaseDn: dn("userBaseDn", input.userBaseDn),
    userFilter: filter("userFilter", input.userFilter, false),
    upnAttribute: attribute("upnAttribute", input.upnAttribute),
    upnDomain,
    displayNameAttribute: attribute("displayNameAttribute", input.displayNameAttribute),
    mailAttribute: attribute("mailAttribute", input.mailAttribute),
    mobileAttribute: attribute("mobileAttribute", input.mobileAttribute),
    departmentAttribute: attribute("departmentAttribute", input.departmentAttribute),
    disabledFilter: filter("disabledFilter", input.disabledFilter, true),
    groupBaseDn: input.groupBaseDn?.trim() ? dn("groupBaseDn", input.groupBaseDn) : null,
    groupFilter: filter("groupFilter", input.groupFilter, false),
    groupNameAttribute: attribute("groupNameAttribute", input.groupNameAttribute),
    groupMemberAttribute: attribute("groupMemberAttribute", input.groupMemberAttribute),
    syncIntervalMinutes: minutes,
    kind: kind as DirectoryKind,
  };
}

/**
 * ldaps://, or ldap:// with StartTLS: passwords never cross the network in the clear. Plain
 * ldap:// is refused with a code of its own, so that a script tells it from a typo.
 */
function checkUrl(text: string, startTls: boolean): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw invalid("url must be ldaps://host[:port] or ldap://host[:port]");
  }
  if (url.protocol !== "ldaps:" && url.protocol !== "ldap:") {
    throw invalid("url must be ldaps://host[:port] or ldap://host[:port]");
  }
  if (url.protocol === "ldap:" && !startTls) {
    throw new VarcoError(
      "directory_insecure_url",
      "ldap:// sends passwords in the clear: use ldaps://, or ldap:// with StartTLS",
    );
  }
  if (url.protocol === "ldaps:" && startTls) {
    throw invalid("StartTLS is for ldap:// URLs; ldaps:// is TLS from the start");
  }
  if (!url.hostname || url.username || url.password || (url.pathname && url.pathname !== "/")) {
    throw invalid("url must be ldaps://host[:port] or ldap://host[:port], nothing more");
  }
  if (url.search || url.hash) throw invalid("url must have no query or fragment");
  return `${url.protocol}//${url.host}`;
}

function checkCa(pem: string): string {
  const trimmed = pem.trim();
  try {
    new X509Certificate(trimmed);
  } catch {
    throw invalid("caCertificate must be a PEM certificate");
  }
  return `${trimmed}\n`;
}
