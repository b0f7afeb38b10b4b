/** The schema URNs of RFC 7643 and RFC 7644 that Varco speaks. */
export const userSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
export const groupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const enterpriseUserSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const listResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const patchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const errorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";
export const serviceProviderConfigSchema =
  "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const resourceTypeSchema = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
export const schemaSchema = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/** The schemas whose attributes a path may name with the URN in front (RFC 7644 section 3.10). */
export const resourceSchemas = [userSchema, groupSchema, enterpriseUserSchema] as const;
