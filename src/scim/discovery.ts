import type { JsonObject } from "./attributes.ts";
import { maxResults } from "./list-page.ts";
import {
  enterpriseUserSchema,
  groupSchema,
  resourceTypeSchema,
  schemaSchema,
  serviceProviderConfigSchema,
  userSchema,
} from "./schemas.ts";

/** What Varco's SCIM service supports (RFC 7643 section 5). */
export function serviceProviderConfig(baseUrl: string): JsonObject {
  return {
    schemas: [serviceProviderConfigSchema],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults },
    changePassword: { supported: true },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description: "A tenant's SCIM token: varco tenant scim-token create <tenant>",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

/** The two resource types (RFC 7643 section 6). */
export function resourceTypes(baseUrl: string): JsonObject[] {
  return [
    {
      schemas: [resourceTypeSchema],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "A user of the tenant; userName is the UPN",
      schema: userSchema,
      schemaExtensions: [{ schema: enterpriseUserSchema, required: false }],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [resourceTypeSchema],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "A group of the tenant's users",
      schema: groupSchema,
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

type Attribute = {
  name: string;
  type?: string;
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: string;
  returned?: string;
  uniqueness?: string;
  subAttributes?: Attribute[];
  description?: string;
};

function attribute(a: Attribute): JsonObject {
  return {
    name: a.name,
    type: a.type ?? "string",
    multiValued: a.multiValued ?? false,
    description: a.description ?? a.name,
    required: a.required ?? false,
    caseExact: a.caseExact ?? false,
    mutability: a.mutability ?? "readWrite",
    returned: a.returned ?? "default",
    uniqueness: a.uniqueness ?? "none",
    ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attribute) } : {}),
  };
}

const typed = (name: string): Attribute => ({ name, type: "string" });

/** The attributes Varco keeps of each schema (RFC 7643 section 7); others are accepted and dropped. */
export function schemas(baseUrl: string): JsonObject[] {
  const schema = (id: string, name: string, attributes: Attribute[]): JsonObject => ({
    schemas: [schemaSchema],
    id,
    name,
    description: name,
    attributes: attributes.map(attribute),
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${id}` },
  });
  return [
    schema(userSchema, "User", [
      { name: "userName", required: true, uniqueness: "server", description: "The UPN" },
      { name: "externalId", caseExact: true },
      { name: "displayName" },
      {
        name: "name",
        type: "complex",
        subAttributes: [typed("formatted"), typed("givenName"), typed("familyName")],
      },
      { name: "active", type: "boolean", description: "false: the user cannot sign in" },
      { name: "password", mutability: "writeOnly", returned: "never" },
      {
        name: "emails",
        type: "complex",
        multiValued: true,
        description: "The primary (else work, else first) address is the user's e-mail",
        subAttributes: [typed("value"), typed("type"), { name: "primary", type: "boolean" }],
      },
      {
        name: "phoneNumbers",
        type: "complex",
        multiValued: true,
        description: "The mobile (else primary, else first) number, in E.164",
        subAttributes: [typed("value"), typed("type"), { name: "primary", type: "boolean" }],
      },
    ]),
    schema(enterpriseUserSchema, "EnterpriseUser", [{ name: "department" }]),
    schema(groupSchema, "Group", [
      { name: "displayName", required: true, uniqueness: "server" },
      { name: "externalId", caseExact: true },
      {
        name: "members",
        type: "complex",
        multiValued: true,
        subAttributes: [
          { name: "value", caseExact: true, mutability: "immutable", description: "A user's id" },
          { name: "display", mutability: "readOnly" },
          { name: "$ref", type: "reference", mutability: "readOnly" },
        ],
      },
    ]),
  ];
}
