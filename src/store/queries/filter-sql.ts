import { type Expression, type SqlBool, sql } from "kysely";
import type { FilterCondition, FilterValue } from "../../odata/types.ts";

/** How a filterable field maps to a column: case-insensitive text, and a value translation. */
export type FilterColumn = {
  readonly column: string;
  readonly caseInsensitive?: boolean;
  readonly toColumnValue?: (value: FilterValue) => FilterValue;
};

const comparison = { eq: "=", ne: "<>", ge: ">=", le: "<=", gt: ">", lt: "<" } as const;

/**
 * One parsed `$filter` condition as SQL, with the value always a bound parameter. The field was
 * checked against the resource's fields by the parser; `columns` names where each one lives.
 */
export function filterSql(
  condition: FilterCondition,
  columns: Readonly<Record<string, FilterColumn>>,
): Expression<SqlBool> {
  const target = columns[condition.field];
  if (!target) throw new Error(`no column for filter field ${condition.field}`);
  const ref = sql.ref(target.column);
  let value = target.toColumnValue ? target.toColumnValue(condition.value) : condition.value;
  if (typeof value === "boolean") value = value ? 1 : 0;
  if (condition.op === "startswith") {
    const prefix = `${String(value)
      .toLowerCase()
      .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return sql<SqlBool>`lower(${ref}) like ${prefix} escape '\\'`;
  }
  const op = sql.raw(comparison[condition.op]);
  if (target.caseInsensitive && typeof value === "string") {
    return sql<SqlBool>`lower(${ref}) ${op} ${value.toLowerCase()}`;
  }
  return sql<SqlBool>`${ref} ${op} ${value}`;
}
