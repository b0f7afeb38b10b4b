import { isVarcoError, VarcoError } from "../../errors/varco-error.ts";
import { canonicalName } from "../attributes.ts";
import { type AttributePath, parseAttributePath } from "../filter/attribute-path.ts";
import { type Filter, parseFilter } from "../filter/parse-filter.ts";

/**
 * A PATCH path (RFC 7644 section 3.5.2): `attrPath`, or `attrPath[valFilter]` optionally followed
 * by `.subAttr`: `members[value eq "2819c223…"]`, `emails[type eq "work"].value`.
 */
export type PatchPath = {
  readonly path: AttributePath;
  readonly filter: Filter | undefined;
  /** The sub-attribute after a value filter's brackets. */
  readonly filteredSub: string | undefined;
};

export function parsePatchPath(text: string): PatchPath {
  if (text.length > 1_000) throw new VarcoError("scim_invalid_path", "the path is too long");
  const open = text.indexOf("[");
  if (open < 0) {
    return {
      path: parseAttributePath(text, "scim_invalid_path"),
      filter: undefined,
      filteredSub: undefined,
    };
  }
  const close = text.lastIndexOf("]");
  const after = text.slice(close + 1);
  if (close < open || (after !== "" && !/^\.[A-Za-z][\w$-]*$/.test(after))) {
    throw new VarcoError("scim_invalid_path", `'${text.slice(0, 100)}' is not a path`);
  }
  const path = parseAttributePath(text.slice(0, open), "scim_invalid_path");
  if (path.sub !== undefined || path.attr === "") {
    throw new VarcoError("scim_invalid_path", "a value filter follows an attribute");
  }
  let filter: Filter;
  try {
    filter = parseFilter(text.slice(open + 1, close));
  } catch (error) {
    if (!isVarcoError(error)) throw error;
    throw new VarcoError("scim_invalid_path", `the value filter: ${error.detail ?? ""}`, {
      cause: error,
    });
  }
  return { path, filter, filteredSub: after === "" ? undefined : canonicalName(after.slice(1)) };
}
