import { ErrorBody } from "./error-body.ts";

const componentPath = "#/components/schemas/Error";
const errorJson = JSON.stringify({ ...ErrorBody, description: undefined });

type Document = {
  components?: { schemas?: Record<string, unknown> };
  paths?: Record<string, unknown>;
};

/**
 * The OpenAPI document with the error body stated once, as the component `Error`, which every
 * error answer refers to, instead of a copy of it (and of every error code) in each.
 */
export function shareErrorBody<D extends Document>(document: D): D {
  let shared = false;
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(asRecord(operations))) {
      for (const response of Object.values(asRecord(asRecord(operation).responses))) {
        const media = asRecord(asRecord(asRecord(response).content)["application/json"]);
        if (JSON.stringify({ ...asRecord(media.schema), description: undefined }) === errorJson) {
          media.schema = { $ref: componentPath };
          shared = true;
        }
      }
    }
  }
  if (shared) {
    document.components = {
      ...document.components,
      schemas: { ...document.components?.schemas, Error: JSON.parse(JSON.stringify(ErrorBody)) },
    };
  }
  return document;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}
