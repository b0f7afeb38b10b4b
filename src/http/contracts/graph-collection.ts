import { type TSchema, Type } from "typebox";

/**
 * Microsoft Graph's collection: the items in `value`, and `@odata.nextLink`, the URL of the next
 * page, while there is more.
 */
export function GraphCollection<Item extends TSchema>(item: Item, description: string) {
  return Type.Object(
    {
      value: Type.Array(item),
      "@odata.nextLink": Type.Optional(
        Type.String({ description: "The next page: GET it with the same token" }),
      ),
    },
    { description },
  );
}

/** The OData query options every paged list takes. */
export const ListQuery = Type.Object({
  $top: Type.Optional(Type.String({ description: "Page size, 1 to 999 (default 100)" })),
  $filter: Type.Optional(
    Type.String({
      description:
        "OData filter on the fields the route names: eq, ne, ge, le, gt, lt, startswith(field,'text'); joined by and",
    }),
  ),
  $skiptoken: Type.Optional(Type.String({ description: "From @odata.nextLink" })),
});

/** Graph's answer to an action that returns a boolean, such as revokeSignInSessions. */
export const BooleanValue = Type.Object(
  { value: Type.Boolean() },
  { description: "Done: value is true" },
);
