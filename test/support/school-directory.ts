import type { DirectorySettings } from "../../src/directory/ldap/settings.ts";
import { directoryPresets } from "../../src/directory/ldap/settings.ts";
import type { PrivateSlapd } from "./slapd.ts";

// A school's directory in the test's own slapd: people under ou=people-<tag>, groups under
// ou=groups-<tag>, so that each database's run has entries of its own.

export type Person = {
  readonly uid: string;
  readonly name: string;
  readonly password: string;
  readonly mobile?: string;
  readonly disabled?: boolean;
};

export const personDn = (slapd: PrivateSlapd, tag: string, uid: string) =>
  `uid=${uid},ou=people-${tag},${slapd.suffix}`;

export const upnOf = (uid: string) => `${uid}@school.it`;

/** Adds the people and groups (name → member uids) of one run. */
export async function seedSchool(
  slapd: PrivateSlapd,
  tag: string,
  people: readonly Person[],
  groups: Record<string, readonly string[]>,
): Promise<void> {
  const entries = [
    `dn: ou=people-${tag},${slapd.suffix}\nobjectClass: organizationalUnit\nou: people-${tag}`,
    `dn: ou=groups-${tag},${slapd.suffix}\nobjectClass: organizationalUnit\nou: groups-${tag}`,
    // The service account: a person with a password, and read access as any bound user.
    `dn: cn=varco-${tag},${slapd.suffix}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: varco-${tag}\nuserPassword: service-${tag}-secret`,
    ...people.map((p) =>
      [
        `dn: ${personDn(slapd, tag, p.uid)}`,
        "objectClass: inetOrgPerson",
        `uid: ${p.uid}`,
        `cn: ${p.name}`,
        `sn: ${p.name.split(" ").at(-1)}`,
        `mail: ${upnOf(p.uid)}`,
        ...(p.mobile ? [`mobile: ${p.mobile}`] : []),
        "departmentNumber: Segreteria",
        `employeeType: ${p.disabled ? "disabled" : "staff"}`,
        `userPassword: ${p.password}`,
      ].join("\n"),
    ),
    ...Object.entries(groups).map(([name, members]) =>
      [
        `dn: cn=${name},ou=groups-${tag},${slapd.suffix}`,
        "objectClass: groupOfNames",
        `cn: ${name}`,
        ...members.map((uid) => `member: ${personDn(slapd, tag, uid)}`),
      ].join("\n"),
    ),
  ];
  await slapd.add(`${entries.join("\n\n")}\n`);
}

/** The tenant's directory settings for one run: StartTLS on ldap://, trusting the test's CA. */
export function schoolSettings(
  slapd: PrivateSlapd,
  tag: string,
  overrides: Partial<DirectorySettings> = {},
): DirectorySettings & { bindPassword: string } {
  return {
    ...directoryPresets.openldap,
    url: slapd.ldapUrl,
    startTls: true,
    caPem: slapd.caPem,
    bindDn: `cn=varco-${tag},${slapd.suffix}`,
    bindPassword: `service-${tag}-secret`,
    userBaseDn: `ou=people-${tag},${slapd.suffix}`,
    upnDomain: null,
    disabledFilter: "(employeeType=disabled)",
    groupBaseDn: `ou=groups-${tag},${slapd.suffix}`,
    syncIntervalMinutes: 0,
    ...overrides,
  };
}

/** A member whose password the directory changes: ldapmodify as the administrator. */
export const disableLdif = (dn: string, disabled: boolean) =>
  `dn: ${dn}\nchangetype: modify\nreplace: employeeType\nemployeeType: ${disabled ? "disabled" : "staff"}\n`;
