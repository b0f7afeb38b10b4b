import { VarcoError } from "../../errors/varco-error.ts";
import { caseExact, isObject, type Json } from "../attributes.ts";
import type { AttributePath } from "./attribute-path.ts";
import type { CompareOperator, Filter, FilterValue } from "./parse-filter.ts";

/**
 * Whether a resource (as Varco shows it, canonical names) matches a filter. An attribute the
 * resource does not have matches nothing but `ne` and `not` (RFC 7644 section 3.4.2.2); a
 * multi-valued attribute matches when one of its values does; a complex value compares by its
 * `value` sub-attribute (`emails co "example.org"`).
 */
export function matchesFilter(resource: Json, filter: Filter): boolean {
  switch (filter.kind) {
    case "and":
      return matchesFilter(resource, filter.left) && matchesFilter(resource, filter.right);
    case "or":
      return matchesFilter(resource, filter.left) || matchesFilter(resource, filter.right);
    case "not":
      return !matchesFilter(resource, filter.filter);
    case "present":
      return valuesAt(resource, filter.path).some(
        (value) => value !== null && value !== "" && !(Array.isArray(value) && value.length === 0),
      );
    case "valuePath": {
      const container = containerOf(resource, filter.path);
      const found = isObject(container) ? container[filter.path.attr] : undefined;
      const items = Array.isArray(found) ? found : found === undefined ? [] : [found];
      return items.some((item) => matchesFilter(item, filter.filter));
    }
    case "compare": {
      const values = valuesAt(resource, filter.path).filter((value) => value !== null);
      if (filter.value === null) return (filter.op === "eq") === (values.length === 0);
      const exact = caseExact.has(exactKey(resource, filter.path));
      const equal = (value: Json) => compare(value, "eq", filter.value, exact);
      if (filter.op === "ne") return !values.some(equal);
      return values.some((value) => compare(value, filter.op, filter.value, exact));
    }
  }
}

/** The object holding a path's attribute: the resource, or its extension's object. */
function containerOf(resource: Json, path: AttributePath): Json | undefined {
  if (!isObject(resource)) return undefined;
  return path.uri === undefined ? resource : resource[path.uri];
}

/** Every value a path names in a resource: sub-attributes of each value of a multi-valued one. */
export function valuesAt(resource: Json, path: AttributePath): Json[] {
  const container = containerOf(resource, path);
  if (!isObject(container)) return [];
  const found = path.attr === "" ? container : container[path.attr];
  if (found === undefined) return [];
  const items = Array.isArray(found) ? found : [found];
  return items.flatMap((item): Json[] => {
    if (path.sub !== undefined) {
      const sub = isObject(item) ? item[path.sub] : undefined;
      return sub === undefined ? [] : Array.isArray(sub) ? sub : [sub];
    }
    if (isObject(item) && Array.isArray(found)) return item.value === undefined ? [] : [item.value];
    return [item];
  });
}

function exactKey(resource: Json, path: AttributePath): string {
  if (path.sub !== undefined) return `${path.attr}.${path.sub}`;
  const container = containerOf(resource, path);
  const found = isObject(container) ? container[path.attr] : undefined;
  return Array.isArray(found) ? `${path.attr}.value` : path.attr;
}

function compare(value: Json, op: CompareOperator, wanted: FilterValue, exact: boolean): boolean {
  if (typeof wanted === "boolean") {
    if (op !== "eq" && op !== "ne") throw invalid(`'${op}' does not compare booleans`);
    const actual =
      typeof value === "boolean"
        ? value
        : typeof value === "string" && ["true", "false"].includes(value.toLowerCase())
          ? value.toLowerCase() === "true"
          : undefined;
    return actual === wanted;
  }
  if (typeof wanted === "number") {
    if (typeof value !== "number") return false;
    return ordered(value, op, wanted);
  }
  if (typeof wanted !== "string") return false;
  if (typeof value === "boolean" && (op === "eq" || op === "ne")) {
    return String(value) === wanted.toLowerCase();
  }
  if (typeof value !== "string") return false;
  const a = exact ? value : value.toLowerCase();
  const b = exact ? wanted : wanted.toLowerCase();
  switch (op) {
    case "co":
      return a.includes(b);
    case "sw":
      return a.startsWith(b);
    case "ew":
      return a.endsWith(b);
    default:
      return ordered(a, op, b);
  }
}

function ordered<T extends string | number>(a: T, op: CompareOperator, b: T): boolean {
  switch (op) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
    case "lt":
      return a < b;
    case "le":
      return a <= b;
    default:
      return false;
  }
}

function invalid(detail: string): VarcoError {
  return new VarcoError("scim_invalid_filter", detail);
}
