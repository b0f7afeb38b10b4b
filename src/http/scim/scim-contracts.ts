import { Type } from "typebox";

/** The `{id}` of a resource: Varco's ids are UUIDs; anything else is simply not found. */
export const ResourceParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

/** A SCIM resource or message: a JSON object, read by the SCIM code itself (src/scim). */
export const ScimBody = Type.Object({}, { additionalProperties: true });

/** The query of a list (RFC 7644 section 3.4.2); other parameters are ignored. */
export const ListQuery = Type.Object({
  filter: Type.Optional(Type.String({ maxLength: 2_000 })),
  startIndex: Type.Optional(Type.String({ maxLength: 20 })),
  count: Type.Optional(Type.String({ maxLength: 20 })),
  attributes: Type.Optional(Type.String({ maxLength: 1_000 })),
  excludedAttributes: Type.Optional(Type.String({ maxLength: 1_000 })),
});

/** `attributes` and `excludedAttributes` on a single resource. */
export const ResourceQuery = Type.Object({
  attributes: Type.Optional(Type.String({ maxLength: 1_000 })),
  excludedAttributes: Type.Optional(Type.String({ maxLength: 1_000 })),
});
