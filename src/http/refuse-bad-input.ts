import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from "fastify";
import { VarcoError } from "../errors/varco-error.ts";
import { findControlCharacter, hasControlCharacter } from "./control-characters.ts";

/** The headers Varco reads as text: client descriptions, languages, credentials. */
const readHeaders = ["user-agent", "accept-language", "authorization"] as const;

// Varco's own cookies, `__Host-` behind TLS; other cookies on the same host are not read.
const ownCookie = /^(__Host-)?varco_/;

/** A route's `config` naming the top-level form fields that may hold tabs and line ends. */
export type MultiLineFields = { readonly multiLineFields: readonly string[] };

/**
 * The `config` of a route whose form has textareas: those fields may hold tabs and line ends,
 * as in `app.post(path, { config: multiLineFields(["trustedIpRanges"]) }, handler)`. Every other
 * string is one line of text.
 */
export function multiLineFields(fields: readonly string[]): FastifyContextConfig & MultiLineFields {
  return { multiLineFields: fields };
}

/**
 * DESIGN invariant 8 at the edge: one hook, before any route validates or reads its input,
 * refuses a request whose query has a malformed percent-escape, or whose query or form gives a
 * name twice (`invalid_request`); and one whose decoded strings hold control characters
 * (`invalid_characters`): the query, the route's path parameters, the JSON or form body at every
 * depth (keys too), the headers Varco reads and its own cookies. Bodies that are files (a
 * `text/csv` stream, a multipart upload) are not strings and keep their own checks. It runs after
 * the routes' authentication hooks, so a caller without a key still learns nothing but 401.
 */
export function refuseBadInput(app: FastifyInstance): void {
  app.addHook("preValidation", (request, _reply, done) => {
    done(checkInput(request));
  });
}

function checkInput(request: FastifyRequest): VarcoError | undefined {
  const query = request.url.indexOf("?");
  if (query >= 0 && hasMalformedEscape(request.url.slice(query + 1))) {
    return new VarcoError("invalid_request", "the query string holds a malformed percent-escape");
  }
  const repeated =
    repeatedName(request.query, "query") ??
    (isForm(request) ? repeatedName(request.body, "body") : undefined);
  if (repeated) return new VarcoError("invalid_request", `${repeated} is given more than once`);
  const config = request.routeOptions.config as Partial<MultiLineFields>;
  const where =
    findControlCharacter(request.query, "query") ??
    findControlCharacter(request.params, "params") ??
    findControlCharacter(request.body, "body", config?.multiLineFields) ??
    headerWithControlCharacter(request) ??
    ownCookies(request);
  return where === undefined
    ? undefined
    : new VarcoError(
        "invalid_characters",
        `a control character or an unpaired surrogate in ${where}`,
      );
}

/** The first header Varco reads whose value holds a control character, as words. */
function headerWithControlCharacter(request: FastifyRequest): string | undefined {
  for (const name of readHeaders) {
    const value = request.headers[name];
    if (value !== undefined && hasControlCharacter(String(value), "header")) {
      return `the header ${name}`;
    }
  }
  return undefined;
}

/** `%` not followed by two hex digits, or escapes that are not UTF-8: what decodeURI refuses. */
function hasMalformedEscape(query: string): boolean {
  if (!query.includes("%")) return false;
  for (const part of query.split("&")) {
    try {
      decodeURIComponent(part);
    } catch {
      return true;
    }
  }
  return false;
}

/**
 * A query or form field sent twice arrives as an array, where every page reads one string; no
 * form of Varco's repeats a name, and the routes with a schema refuse the array anyway.
 */
function repeatedName(fields: unknown, root: string): string | undefined {
  if (fields === null || typeof fields !== "object") return undefined;
  const name = Object.keys(fields).find((key) =>
    Array.isArray((fields as Record<string, unknown>)[key]),
  );
  return name === undefined ? undefined : `${root}.${name.slice(0, 64)}`;
}

function isForm(request: FastifyRequest): boolean {
  return (request.headers["content-type"] ?? "")
    .toLowerCase()
    .startsWith("application/x-www-form-urlencoded");
}

function ownCookies(request: FastifyRequest): string | undefined {
  const cookies = (request as { cookies?: Record<string, string | undefined> }).cookies ?? {};
  for (const [name, value] of Object.entries(cookies)) {
    if (ownCookie.test(name) && value !== undefined && hasControlCharacter(value)) {
      return `the cookie ${name}`;
    }
  }
  return undefined;
}
