import { VarcoError } from "../../errors/varco-error.ts";
import { isObject, type Json } from "../attributes.ts";

export type PatchOperation = {
  readonly op: "add" | "replace" | "remove";
  readonly path: string | undefined;
  readonly value: Json | undefined;
};

const maxOperations = 1_000;

/**
 * The operations of a PATCH body (RFC 7644 section 3.5.2), already in canonical names. `op` is
 * read without regard to case: Microsoft Entra sends `Add`, `Replace`, `Remove`. An empty path
 * is no path.
 */
export function readPatchRequest(body: Json): PatchOperation[] {
  if (!isObject(body)) throw new VarcoError("scim_invalid_syntax", "the body is a PatchOp object");
  const operations = body.Operations;
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new VarcoError("scim_invalid_syntax", "Operations lists one operation or more");
  }
  if (operations.length > maxOperations) {
    throw new VarcoError("scim_invalid_syntax", `at most ${maxOperations} operations at once`);
  }
  return operations.map((operation) => {
    if (!isObject(operation) || typeof operation.op !== "string") {
      throw new VarcoError("scim_invalid_syntax", "each operation has an op");
    }
    const op = operation.op.toLowerCase();
    if (op !== "add" && op !== "replace" && op !== "remove") {
      throw new VarcoError("scim_invalid_syntax", "op is add, replace or remove");
    }
    const path = operation.path;
    if (path !== undefined && path !== null && typeof path !== "string") {
      throw new VarcoError("scim_invalid_path", "path is a string");
    }
    return {
      op,
      path: typeof path === "string" && path.trim() !== "" ? path.trim() : undefined,
      value: operation.value,
    };
  });
}
