import type { ScimGroupRow } from "../../store/queries/scim.ts";
import type { JsonObject } from "../attributes.ts";
import { groupSchema } from "../schemas.ts";

export type GroupMember = { readonly userId: string; readonly upn: string };

/** A Varco group as a SCIM Group (RFC 7643 section 4.2): its members are users, by id. */
export function groupResource(
  group: ScimGroupRow,
  members: readonly GroupMember[] | undefined,
  baseUrl: string,
): JsonObject {
  return {
    schemas: [groupSchema],
    id: group.id,
    ...(group.externalId === null ? {} : { externalId: group.externalId }),
    displayName: group.name,
    ...(members === undefined
      ? {}
      : {
          members: members.map((member) => ({
            value: member.userId,
            display: member.upn,
            $ref: `${baseUrl}/Users/${member.userId}`,
            type: "User",
          })),
        }),
    meta: {
      resourceType: "Group",
      created: new Date(group.createdAt).toISOString(),
      location: `${baseUrl}/Groups/${group.id}`,
    },
  };
}
