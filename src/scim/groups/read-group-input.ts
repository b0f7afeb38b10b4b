import { VarcoError } from "../../errors/varco-error.ts";
import { isObject, type Json } from "../attributes.ts";
import { readExternalId } from "../read-values.ts";

export type ScimGroupInput = {
  readonly displayName: string;
  readonly externalId: string | null;
  /** The members' user ids, each once. */
  readonly memberIds: readonly string[];
};

const maxMembers = 50_000;

/** Reads a Group (POST, PUT, or the result of a PATCH); members are users by their id. */
export function readGroupInput(body: Json): ScimGroupInput {
  if (!isObject(body)) throw new VarcoError("scim_invalid_syntax", "a Group is a JSON object");
  const displayName = body.displayName;
  if (typeof displayName !== "string" || displayName.trim() === "") {
    throw new VarcoError("scim_invalid_value", "displayName is required");
  }
  const members = body.members ?? [];
  if (!Array.isArray(members) || members.length > maxMembers) {
    throw new VarcoError("scim_invalid_value", `members is a list of at most ${maxMembers}`);
  }
  const memberIds = members.map((member) => {
    const value = isObject(member) ? member.value : undefined;
    if (typeof value !== "string" || value.length === 0 || value.length > 100) {
      throw new VarcoError("scim_invalid_value", "each member has a value: the user's id");
    }
    return value;
  });
  return {
    displayName: displayName.trim(),
    externalId: readExternalId(body.externalId),
    memberIds: [...new Set(memberIds)],
  };
}
