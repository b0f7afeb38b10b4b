import { VarcoError } from "../errors/varco-error.ts";
import type { JsonObject } from "./attributes.ts";
import { listResponseSchema } from "./schemas.ts";

/** The most resources one page holds (ServiceProviderConfig's filter.maxResults). */
export const maxResults = 200;
const defaultCount = 100;

export type PageRequest = { readonly startIndex: number; readonly count: number };

/**
 * `startIndex` and `count` (RFC 7644 section 3.4.2.4): a start below 1 is 1, a negative count
 * is 0 (only totalResults is answered), a count above the maximum is the maximum.
 */
export function readPageRequest(query: { startIndex?: string; count?: string }): PageRequest {
  return {
    startIndex: Math.max(1, readInteger(query.startIndex, "startIndex") ?? 1),
    count: Math.min(maxResults, Math.max(0, readInteger(query.count, "count") ?? defaultCount)),
  };
}

function readInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  if (!/^-?\d{1,15}$/.test(value.trim())) {
    throw new VarcoError("scim_invalid_value", `${name} is an integer`);
  }
  return Number(value.trim());
}

/** A ListResponse (RFC 7644 section 3.4.2) of one page of the matching resources. */
export function listResponse(
  matching: readonly JsonObject[],
  page: PageRequest,
  shape: (resource: JsonObject) => JsonObject = (resource) => resource,
): JsonObject {
  const resources = matching
    .slice(page.startIndex - 1, page.startIndex - 1 + page.count)
    .map(shape);
  return {
    schemas: [listResponseSchema],
    totalResults: matching.length,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/**
 * `attributes` and `excludedAttributes` (RFC 7644 section 3.4.2.5), on top-level attributes:
 * Microsoft Entra asks for groups with `excludedAttributes=members`. `id` and `schemas` are
 * always returned.
 */
export function project(
  resource: JsonObject,
  query: { attributes?: string; excludedAttributes?: string },
): JsonObject {
  const names = (text: string | undefined) =>
    text === undefined
      ? undefined
      : new Set(
          text
            .split(",")
            .map((name) => name.trim().toLowerCase().split(".")[0] ?? "")
            .filter((name) => name !== ""),
        );
  const wanted = names(query.attributes);
  const excluded = names(query.excludedAttributes);
  if (!wanted && !excluded) return resource;
  return Object.fromEntries(
    Object.entries(resource).filter(([key]) => {
      const lower = key.toLowerCase();
      if (lower === "id" || lower === "schemas") return true;
      if (wanted) return wanted.has(lower) || (lower === "meta" && wanted.has("meta"));
      return !excluded?.has(lower);
    }),
  );
}
