import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorCodes } from "../../errors/codes.ts";

// ajv-formats is CommonJS: its function is the module itself, or its default export.
const addFormats: (ajv: Ajv) => Ajv =
  "default" in addFormatsModule ? addFormatsModule.default : addFormatsModule;

/** A route's answer for one status, as its schema states it. */
type Answer =
  | { kind: "none" }
  | { kind: "json"; check: ValidateFunction; strictCheck: ValidateFunction }
  | { kind: "media"; types: readonly string[] };

/**
 * Checks every answer of a route that states its responses against that contract, before it
 * leaves: a status the route does not state, a field missing or of another type, a field the
 * schema does not have (the serializer would drop it without a word), a body on a 204. Such an
 * answer becomes a 500 whose detail says what broke, and the same goes to standard error. For
 * tests: with it every test that calls the API checks the contract as well.
 */
export function checkResponses(
  app: FastifyInstance,
  options: { except?: (route: string) => boolean } = {},
): void {
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  const compiled = new WeakMap<object, Map<string, Answer | undefined>>();
  const checked = new WeakSet<FastifyReply>();

  const answerFor = (
    request: FastifyRequest,
    status: number,
  ): Answer | undefined | "no contract" => {
    const responses: unknown = request.routeOptions.schema?.response;
    if (request.method === "HEAD" || !isObject(responses)) return "no contract";
    if (options.except?.(request.routeOptions.url ?? "")) return "no contract";
    let byStatus = compiled.get(responses);
    if (!byStatus) {
      byStatus = new Map();
      compiled.set(responses, byStatus);
    }
    const key = String(status);
    if (!byStatus.has(key)) {
      const stated =
        responses[key] ?? responses[`${key[0]}xx`] ?? responses[`${key[0]}XX`] ?? responses.default;
      byStatus.set(key, stated === undefined ? undefined : compileAnswer(ajv, stated));
    }
    return byStatus.get(key);
  };

  const broken = (request: FastifyRequest, reply: FastifyReply, problem: string) => {
    const detail = `the answer breaks the contract of ${request.method} ${request.routeOptions.url}: ${reply.statusCode} ${problem}`;
    request.log.error({ problem: detail }, "answer breaks its contract");
    process.stderr.write(`varco: ${detail}\n`);
    reply.code(500).type("application/json; charset=utf-8");
    return { error: { code: "internal_error", message: errorCodes.internal_error.en, detail } };
  };

  // An object on its way to the serializer: checked as it is, so nothing it holds is dropped.
  app.addHook("preSerialization", (request, reply, payload, done) => {
    const answer = answerFor(request, reply.statusCode);
    if (answer === "no contract") return done(null, payload);
    checked.add(reply);
    const problem = problemOf(answer, payload, "strict");
    // The error body goes on to the serializer of the route's 500, or as JSON.
    if (problem) return done(null, broken(request, reply, problem));
    done(null, payload);
  });

  // Whatever else leaves: a status the route states, a body that parses to its shape.
  app.addHook("onSend", (request, reply, payload, done) => {
    if (checked.has(reply)) return done(null, payload);
    const answer = answerFor(request, reply.statusCode);
    if (answer === "no contract") return done(null, payload);
    const mediaType =
      String(reply.getHeader("content-type") ?? "")
        .split(";")[0]
        ?.trim() ?? "";
    const problem = problemOfSent(answer, payload, mediaType);
    if (problem) return done(null, JSON.stringify(broken(request, reply, problem)));
    done(null, payload);
  });
}

function compileAnswer(ajv: Ajv, stated: unknown): Answer {
  if (!isObject(stated)) return { kind: "media", types: [] };
  if (isObject(stated.content) && stated.type === undefined) {
    return { kind: "media", types: Object.keys(stated.content) };
  }
  if (stated.type === "null") return { kind: "none" };
  return {
    kind: "json",
    check: ajv.compile(plain(stated) as object),
    strictCheck: ajv.compile(closeObjects(plain(stated)) as object),
  };
}

function problemOf(answer: Answer | undefined, payload: unknown, mode: "strict" | "sent") {
  if (answer === undefined) return "is not a status the route states";
  if (answer.kind === "none") {
    return payload === null || payload === undefined
      ? undefined
      : "states no body, and one was sent";
  }
  if (answer.kind === "media") return `states ${answer.types.join(", ")}, and JSON was sent`;
  const check = mode === "strict" ? answer.strictCheck : answer.check;
  if (check(payload)) return undefined;
  return (check.errors ?? [])
    .map((e) =>
      e.keyword === "additionalProperties"
        ? `${e.instancePath || "/"} has ${String(e.params.additionalProperty)}, which the schema does not`
        : `${e.instancePath || "/"} ${e.message ?? "is not valid"}`,
    )
    .join("; ");
}

function problemOfSent(answer: Answer | undefined, payload: unknown, mediaType: string) {
  if (answer === undefined) return "is not a status the route states";
  const empty = payload === undefined || payload === null || payload === "";
  if (answer.kind === "none") return empty ? undefined : "states no body, and one was sent";
  if (answer.kind === "media") {
    return answer.types.includes(mediaType)
      ? undefined
      : `states ${answer.types.join(", ")}, and ${mediaType || "nothing"} was sent`;
  }
  if (!mediaType.includes("json") || typeof payload !== "string") {
    return `states JSON, and ${mediaType || "nothing"} was sent`;
  }
  return problemOf(answer, JSON.parse(payload), "sent");
}

/** The schema with every object closed: a property it does not name is an error. */
function closeObjects(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  for (const key of ["properties", "patternProperties", "$defs"]) {
    const map = schema[key];
    if (isObject(map)) for (const name of Object.keys(map)) closeObjects(map[name]);
  }
  for (const key of ["items", "additionalProperties", "not", "contains"]) closeObjects(schema[key]);
  for (const key of ["anyOf", "oneOf", "allOf", "prefixItems"]) {
    const list = schema[key];
    if (Array.isArray(list)) for (const item of list) closeObjects(item);
  }
  const open = ["additionalProperties", "patternProperties", "unevaluatedProperties"].some(
    (key) => key in schema,
  );
  if (!open && (schema.type === "object" || isObject(schema.properties))) {
    schema.additionalProperties = false;
  }
  return schema;
}

/** A schema's own JSON, without the builder's hidden marks. */
const plain = (schema: Record<string, unknown>): unknown => JSON.parse(JSON.stringify(schema));

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
