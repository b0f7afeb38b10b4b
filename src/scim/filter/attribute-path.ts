import { VarcoError } from "../../errors/varco-error.ts";
import { canonicalName } from "../attributes.ts";
import { resourceSchemas } from "../schemas.ts";

/**
 * An attribute path (RFC 7644 section 3.10): an attribute, perhaps a sub-attribute, perhaps with
 * the URN of its schema in front: `userName`, `name.familyName`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`. `uri` is set for an
 * extension schema only (the core schemas' attributes sit at the top of the resource); a path
 * that is a schema URN alone names the extension's whole object (attr empty).
 */
export type AttributePath = {
  readonly uri: string | undefined;
  readonly attr: string;
  readonly sub: string | undefined;
};

const namePattern = /^\$?[A-Za-z][\w$-]*$/;

export function parseAttributePath(
  text: string,
  code: "scim_invalid_filter" | "scim_invalid_path",
): AttributePath {
  let rest = text;
  let uri: string | undefined;
  if (text.toLowerCase().startsWith("urn:")) {
    const lower = text.toLowerCase();
    const schema = resourceSchemas.find(
      (candidate) =>
        lower === candidate.toLowerCase() || lower.startsWith(`${candidate.toLowerCase()}:`),
    );
    if (!schema) throw new VarcoError(code, `unknown schema in '${text.slice(0, 100)}'`);
    rest = text.slice(schema.length + 1);
    // The core schemas' attributes sit at the top; only the extension is an object of its own.
    uri = schema.includes(":extension:") ? schema : undefined;
    if (rest === "") {
      if (!uri) throw new VarcoError(code, "a core schema URN names no attribute");
      return { uri, attr: "", sub: undefined };
    }
  }
  const parts = rest.split(".");
  if (parts.length > 2 || parts.some((part) => !namePattern.test(part))) {
    throw new VarcoError(code, `'${text.slice(0, 100)}' is not an attribute path`);
  }
  const [attr = "", sub] = parts;
  return {
    uri,
    attr: canonicalName(attr),
    sub: sub === undefined ? undefined : canonicalName(sub),
  };
}
