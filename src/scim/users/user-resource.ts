import { isBlocked } from "../../directory/is-blocked.ts";
import type { ScimUserRow } from "../../store/queries/scim.ts";
import type { JsonObject } from "../attributes.ts";
import { enterpriseUserSchema, userSchema } from "../schemas.ts";

/**
 * A Varco user as a SCIM User (RFC 7643 section 4.1, with the enterprise extension's
 * department): userName is the UPN; `active` is false while any block holds; the e-mail is the
 * primary work address, the mobile phone the mobile number. `password` is never returned.
 */
export function userResource(row: ScimUserRow, baseUrl: string, now: number): JsonObject {
  const { user } = row;
  const name: JsonObject = { formatted: user.displayName };
  if (row.givenName !== null) name.givenName = row.givenName;
  if (row.familyName !== null) name.familyName = row.familyName;
  return {
    schemas: user.department === null ? [userSchema] : [userSchema, enterpriseUserSchema],
    id: user.id,
    ...(row.externalId === null ? {} : { externalId: row.externalId }),
    userName: user.upn,
    displayName: user.displayName,
    name,
    active: !isBlocked(user, now),
    ...(user.mail === null ? {} : { emails: [{ value: user.mail, type: "work", primary: true }] }),
    ...(user.mobilePhone === null
      ? {}
      : { phoneNumbers: [{ value: user.mobilePhone, type: "mobile" }] }),
    ...(user.department === null
      ? {}
      : { [enterpriseUserSchema]: { department: user.department } }),
    meta: {
      resourceType: "User",
      created: new Date(user.createdAt).toISOString(),
      location: `${baseUrl}/Users/${user.id}`,
    },
  };
}
