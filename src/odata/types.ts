/**
 * The query options of the admin REST API, shaped like Microsoft Graph's: the OData v4 subset of
 * `$filter` that Graph supports on directory objects, `$top`, and `$skiptoken` with the
 * `@odata.nextLink` that carries it. Pure: no I/O, no clock. The HTTP routes parse with it, the
 * store turns its conditions into SQL (`src/store/queries/filter-sql.ts`).
 */

export type FilterValue = string | number | boolean;

/** One condition of a $filter: `field op value`, or `startswith(field,'value')`. */
export type FilterCondition = {
  readonly field: string;
  readonly op: "eq" | "ne" | "ge" | "le" | "gt" | "lt" | "startswith";
  readonly value: FilterValue;
};

/**
 * The fields a resource lets clients filter on, and the type of each. "dateTime" values are
 * ISO 8601 (unquoted, as Graph writes them: createdDateTime ge 2026-01-01T00:00:00Z) and are
 * returned as epoch milliseconds (number).
 */
export type FilterFields = Readonly<Record<string, "string" | "dateTime" | "boolean">>;
