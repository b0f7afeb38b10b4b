import { VarcoError } from "../../errors/varco-error.ts";
import { isObject, type Json, type JsonObject, multiValued } from "../attributes.ts";
import { matchesFilter } from "../filter/evaluate-filter.ts";
import type { Filter } from "../filter/parse-filter.ts";
import { type PatchPath, parsePatchPath } from "./parse-patch-path.ts";
import type { PatchOperation } from "./read-patch-request.ts";

/** Attributes Varco assigns, which no operation may change (RFC 7643 `mutability: readOnly`). */
const assigned = new Set(["id", "meta"]);
/** What an operation without a path may carry but changes nothing: the server's own attributes. */
const ignoredWithoutPath = new Set(["id", "meta", "schemas"]);

/**
 * Applies PATCH operations (RFC 7644 section 3.5.2) to a resource, in order, in place. The
 * resource is Varco's JSON of it; what the result means is decided afterwards by the same code
 * that reads a PUT, so PATCH and PUT check alike. Liberal where Microsoft Entra's provisioning
 * service needs it: capitalised `op`s (read before this), an operation without a path whose
 * object's keys are themselves paths (`"name.givenName"`, `"emails[type eq \"work\"].value"`), a
 * `replace` through an equality filter that matches nothing creates the value
 * (`emails[type eq "work"].value` on a user without one), and `remove` of `members` with a list
 * of the members to remove.
 */
export function applyPatch(resource: JsonObject, operations: readonly PatchOperation[]): void {
  for (const operation of operations) {
    if (operation.path === undefined) {
      if (operation.op === "remove") {
        throw new VarcoError("scim_no_target", "a remove operation needs a path");
      }
      if (!isObject(operation.value)) {
        throw new VarcoError(
          "scim_invalid_syntax",
          "an operation without a path carries an object",
        );
      }
      for (const [key, value] of Object.entries(operation.value)) {
        if (ignoredWithoutPath.has(key)) continue;
        applyAt(resource, operation.op, parsePatchPath(key), value);
      }
      continue;
    }
    const path = parsePatchPath(operation.path);
    if (path.path.uri === undefined && assigned.has(path.path.attr)) {
      throw new VarcoError("scim_mutability", `${path.path.attr} is assigned by Varco`);
    }
    applyAt(resource, operation.op, path, operation.value);
  }
}

function applyAt(
  resource: JsonObject,
  op: PatchOperation["op"],
  { path, filter, filteredSub }: PatchPath,
  given: Json | undefined,
): void {
  // A null value clears, as a PUT without the attribute does.
  if (op !== "remove" && (given === undefined || given === null)) {
    if (given === undefined) throw new VarcoError("scim_invalid_syntax", `${op} needs a value`);
    applyAt(resource, "remove", { path, filter, filteredSub }, undefined);
    return;
  }
  const value = given as Json;
  let container: JsonObject = resource;
  if (path.uri !== undefined) {
    const extension = resource[path.uri];
    if (!isObject(extension)) {
      if (op === "remove") return;
      resource[path.uri] = {};
    }
    container = resource[path.uri] as JsonObject;
    if (path.attr === "") {
      if (op === "remove") delete resource[path.uri];
      else if (isObject(value)) Object.assign(container, value);
      else throw new VarcoError("scim_invalid_value", "a schema extension takes an object");
      return;
    }
  }
  const attr = path.attr;
  if (filter) {
    applyFiltered(container, op, attr, filter, filteredSub, value);
    return;
  }
  const current = container[attr];
  if (path.sub !== undefined) {
    const sub = path.sub;
    const targets = Array.isArray(current)
      ? current.filter(isObject)
      : isObject(current)
        ? [current]
        : [];
    if (op === "remove") {
      for (const target of targets) delete target[sub];
      return;
    }
    if (targets.length === 0) container[attr] = { [sub]: value };
    for (const target of targets) target[sub] = value;
    return;
  }
  if (op === "remove") {
    if (given !== undefined && given !== null && Array.isArray(current)) {
      const leaving = Array.isArray(given) ? given : [given];
      container[attr] = current.filter((item) => !leaving.some((gone) => sameValue(item, gone)));
    } else {
      delete container[attr];
    }
    return;
  }
  if (multiValued.has(attr) || Array.isArray(current)) {
    const incoming = Array.isArray(value) ? value : [value];
    if (op === "replace") {
      container[attr] = incoming;
      return;
    }
    const result = Array.isArray(current) ? current : current === undefined ? [] : [current];
    for (const item of incoming)
      if (!result.some((kept) => sameValue(kept, item))) result.push(item);
    container[attr] = result;
    return;
  }
  // A complex attribute keeps the sub-attributes the value does not name (section 3.5.2.3).
  if (isObject(current) && isObject(value)) Object.assign(current, value);
  else container[attr] = value;
}

function applyFiltered(
  container: JsonObject,
  op: PatchOperation["op"],
  attr: string,
  filter: Filter,
  sub: string | undefined,
  value: Json,
): void {
  const current = container[attr];
  const items = Array.isArray(current) ? current : current === undefined ? [] : [current];
  const matching = items.filter((item) => matchesFilter(item, filter));
  if (op === "remove") {
    if (sub === undefined) container[attr] = items.filter((item) => !matching.includes(item));
    else for (const item of matching) if (isObject(item)) delete item[sub];
    return;
  }
  if (matching.length === 0) {
    const seed = equalities(filter);
    if (!seed) throw new VarcoError("scim_no_target", `no value of ${attr} matches the filter`);
    if (sub === undefined && !isObject(value)) {
      throw new VarcoError("scim_invalid_value", `a value of ${attr} is an object`);
    }
    container[attr] = [
      ...items,
      sub === undefined ? { ...seed, ...(value as JsonObject) } : { ...seed, [sub]: value },
    ];
    return;
  }
  container[attr] = items.map((item) => {
    if (!matching.includes(item)) return item;
    if (sub !== undefined) return isObject(item) ? { ...item, [sub]: value } : { [sub]: value };
    if (!isObject(value))
      throw new VarcoError("scim_invalid_value", `a value of ${attr} is an object`);
    return op === "add" && isObject(item) ? { ...item, ...value } : value;
  });
}

/** `type eq "work" and primary eq true` as `{ type: "work", primary: true }`; undefined otherwise. */
function equalities(filter: Filter): JsonObject | undefined {
  if (filter.kind === "and") {
    const left = equalities(filter.left);
    const right = equalities(filter.right);
    return left && right ? { ...left, ...right } : undefined;
  }
  if (filter.kind !== "compare" || filter.op !== "eq" || filter.path.uri || filter.path.sub)
    return undefined;
  return { [filter.path.attr]: filter.value };
}

/** The same member or e-mail: the same `value` for complex values, the same JSON otherwise. */
function sameValue(a: Json, b: Json): boolean {
  if (isObject(a) && isObject(b) && a.value !== undefined && b.value !== undefined) {
    return a.value === b.value;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}
