import assert from "node:assert/strict";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: its function is the module itself, or its default export.
const addFormats: (ajv: Ajv2020) => Ajv2020 =
  "default" in addFormatsModule ? addFormatsModule.default : addFormatsModule;

type Schema = Record<string, unknown>;
export type Operation = {
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<
    string,
    { description?: string; content?: Record<string, { schema?: Schema }> }
  >;
};
export type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

export type Answer = { statusCode: number; headers: Record<string, unknown>; body: string };

/**
 * Checks answers against a served OpenAPI document with a validator of its own (ajv, JSON Schema
 * 2020-12 as OpenAPI 3.1 says), not the server's: the status must be one the operation states,
 * the body of the media type it states and, for JSON, of its schema. It keeps which statuses each
 * operation ("GET /api/v1/users/{id}") was seen to answer.
 */
export function openApiChecker(document: OpenApiDocument) {
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  // The whole document, so that its references (#/components/schemas/Error) resolve; it is not
  // itself a JSON schema, so it is not checked as one.
  ajv.addSchema(document, "openapi.json", undefined, false);
  const validators = new Map<string, ValidateFunction>();
  const seen = new Map<string, Set<number>>();
  const operation = (key: string): Operation => {
    const [method = "", path = ""] = key.split(" ");
    const found = document.paths[path]?.[method.toLowerCase()];
    assert.ok(found, `the document has no operation ${key}`);
    return found;
  };
  return {
    operation,
    seen,
    check(key: string, answer: Answer): void {
      const status = answer.statusCode;
      const stated = operation(key).responses[String(status)];
      assert.ok(
        stated,
        `${key} answered ${status}, which the document does not state: ${answer.body}`,
      );
      const statuses = seen.get(key) ?? new Set();
      seen.set(key, statuses.add(status));
      if (!stated.content) {
        assert.equal(answer.body, "", `${key} ${status} states no body`);
        return;
      }
      const mediaType = String(answer.headers["content-type"] ?? "").split(";")[0] ?? "";
      const media = stated.content[mediaType];
      assert.ok(media?.schema, `${key} ${status} states no ${mediaType} body`);
      if (mediaType !== "application/json") return;
      const id = `${key} ${status}`;
      let validate = validators.get(id);
      if (!validate) {
        const [method = "", path = ""] = key.split(" ");
        const pointer = ["paths", path, method.toLowerCase(), "responses", String(status)]
          .concat(["content", "application/json", "schema"])
          .map((part) => encodeURIComponent(part.replace(/~/g, "~0").replace(/\//g, "~1")))
          .join("/");
        validate = ajv.compile({ $ref: `openapi.json#/${pointer}` });
        validators.set(id, validate);
      }
      const body: unknown = JSON.parse(answer.body);
      assert.ok(
        validate(body),
        `${id} does not match the document: ${ajv.errorsText(validate.errors)}\n${answer.body.slice(0, 500)}`,
      );
    },
  };
}
