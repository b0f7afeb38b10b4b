import { VarcoError } from "../errors/varco-error.ts";

/**
 * SCIM attribute names are case-insensitive (RFC 7643 section 2.1): `USERNAME` is `userName`.
 * Varco keeps every resource under the canonical names below and reads what clients send
 * through them; a name it does not know keeps its own spelling and is ignored when stored.
 */
const canonicalNames = [
  "schemas",
  "id",
  "externalId",
  "meta",
  "userName",
  "displayName",
  "name",
  "formatted",
  "givenName",
  "familyName",
  "active",
  "password",
  "emails",
  "phoneNumbers",
  "value",
  "type",
  "primary",
  "display",
  "$ref",
  "members",
  "groups",
  "department",
  "resourceType",
  "created",
  "lastModified",
  "location",
  "Operations",
  "op",
  "path",
  "Resources",
];
const byLowerCase = new Map(canonicalNames.map((name) => [name.toLowerCase(), name]));

/** The canonical spelling of an attribute name, or the name as given when Varco has none. */
export function canonicalName(name: string): string {
  return byLowerCase.get(name.toLowerCase()) ?? name;
}

/** Attributes whose values are lists (RFC 7643 section 2.4). */
export const multiValued = new Set([
  "emails",
  "phoneNumbers",
  "members",
  "groups",
  "schemas",
  "addresses",
  "ims",
  "photos",
  "entitlements",
  "roles",
  "x509Certificates",
]);

/**
 * Attributes compared with case (RFC 7643 `caseExact`): identifiers. userName, displayName and
 * e-mail addresses are not.
 */
export const caseExact = new Set(["id", "externalId", "members.value", "groups.value", "$ref"]);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** No SCIM resource nests deeper than a few levels; a body nested past this is no resource. */
const maxDepth = 32;

/**
 * A copy of what a client sent with every attribute name in canonical spelling, schema URNs in
 * their own (`URN:…:USER` is the enterprise extension too). A body nested deeper than `maxDepth`
 * is refused: the body limit alone allows thousands of levels.
 */
export function canonicalize(value: unknown, schemaUrns: readonly string[], depth = 0): Json {
  if (depth > maxDepth) {
    throw new VarcoError("scim_invalid_syntax", `nested deeper than ${maxDepth} levels`);
  }
  if (Array.isArray(value)) return value.map((item) => canonicalize(item, schemaUrns, depth + 1));
  if (!isObject(value)) {
    return typeof value === "string" ||
      typeof value === "number" ||
      typeof value === "boolean" ||
      value === null
      ? value
      : null;
  }
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    // A key that would set the prototype is never an attribute.
    if (key === "__proto__") continue;
    const urn = schemaUrns.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
    const name = urn ?? (key.toLowerCase().startsWith("urn:") ? key : canonicalName(key));
    out[name] = canonicalize(item, schemaUrns, depth + 1);
  }
  return out;
}
