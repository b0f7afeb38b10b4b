import { readdirSync, readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";

/**
 * What the fuzz test (test/security/malformed-requests.no-5xx.test.ts) aims at, and its seeded
 * source of randomness: the operations of the OpenAPI document, and the pages and their forms as
 * the server has them.
 */

/** mulberry32: small, fast and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (below: number) => Math.floor(next() * below),
    chance: (p: number) => next() < p,
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)] as T;
    },
  };
}
export type Random = ReturnType<typeof seededRandom>;

/** A route to aim at: its method, its path with `{name}` parameters, what the document says. */
export type Target = {
  readonly method: string;
  readonly path: string;
  readonly query: readonly string[];
  readonly body?: JsonSchema;
  readonly form: boolean;
};
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
};

/** Every operation of the OpenAPI document. */
export function operationsOf(doc: {
  paths: Record<string, Record<string, OpenApiOperation>>;
}): Target[] {
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      query: (operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
      ...(operation.requestBody?.content?.["application/json"]?.schema
        ? { body: operation.requestBody.content["application/json"].schema }
        : {}),
      form: false,
    })),
  );
}
type OpenApiOperation = {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};

/**
 * Every page: the server's routes outside /api/, read from `printRoutes`, so a page added
 * tomorrow is aimed at without a change here. A POST is a form.
 */
export function pageRoutesOf(server: FastifyInstance): Target[] {
  const pages: Target[] = [];
  const parents: string[] = [];
  for (const line of server.printRoutes({ commonPrefix: false }).split("\n")) {
    const match = /^((?:[│ ] {3})*)[└├]── (\S+)(?: \(([A-Z, ]+)\))?/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? "").length / 4;
    parents.length = depth;
    const path = parents.join("") + match[2];
    parents.push(match[2] ?? "");
    if (path.startsWith("/api/") || path.startsWith("/scim/")) continue;
    if (["/healthz", "/readyz", "/metrics"].includes(path)) continue;
    const template = path.replace(/:(\w+)/g, "{$1}").replace(/\*$/, "{rest}");
    for (const method of (match[3] ?? "").split(", ")) {
      if (method === "POST" || method === "GET") {
        pages.push({ method, path: template, query: [], form: method === "POST" });
      }
    }
  }
  return pages;
}

/**
 * The SCIM endpoints (RFC 7644), read from the server's routes like the pages: JSON bodies of
 * SCIM's shape, with the query parameters of a list.
 */
export function scimRoutesOf(server: FastifyInstance): Target[] {
  const resource: JsonSchema = {
    type: "object",
    properties: {
      schemas: { type: "array", items: { type: "string" } },
      userName: { type: "string" },
      displayName: { type: "string" },
      externalId: { type: "string" },
      active: { type: ["boolean", "string"] },
      emails: {
        type: "array",
        items: {
          type: "object",
          properties: { value: { type: "string" }, type: { type: "string" } },
        },
      },
      members: {
        type: "array",
        items: { type: "object", properties: { value: { type: "string" } } },
      },
      Operations: {
        type: "array",
        items: {
          type: "object",
          properties: {
            op: { enum: ["add", "Replace", "remove", "copy"] },
            path: {
              enum: [
                "members",
                'members[value eq "x"]',
                'emails[type eq "work"].value',
                "active",
                "name.givenName",
                "id",
                "emails[",
                "userName",
              ],
            },
            value: { type: ["string", "object", "array", "boolean"] },
          },
        },
      },
    },
  };
  const query = ["filter", "startIndex", "count", "attributes", "excludedAttributes"];
  const routes: Target[] = [];
  for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
    for (const path of ["/Users", "/Users/{id}", "/Groups", "/Groups/{id}", "/Schemas/{id}"]) {
      const url = `/scim/v2${path}`.replace("{id}", ":id");
      if (!server.hasRoute({ method: method as "GET", url })) continue;
      const body = ["POST", "PUT", "PATCH"].includes(method);
      routes.push({
        method,
        path: `/scim/v2${path}`,
        query,
        ...(body ? { body: resource } : {}),
        form: false,
      });
    }
  }
  return routes;
}

/** The field names of the page templates: what the forms send. */
export function formFieldNames(): string[] {
  const dir = new URL("../../src/web/templates/", import.meta.url);
  const names = new Set<string>();
  for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".eta")) continue;
    for (const [, name] of readFileSync(new URL(file, dir), "utf8").matchAll(/name="(\w+)"/g)) {
      if (name && !["viewport", "robots"].includes(name)) names.add(name);
    }
  }
  return [...names];
}
