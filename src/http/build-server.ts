import { randomUUID } from "node:crypto";
import swagger from "@fastify/swagger";
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import pino from "pino";
import type { LogLevel } from "../config/settings.ts";
import type { Context } from "../context.ts";
import { adminTokenScheme, registerAdminApi } from "./admin/register-admin-api.ts";
import { decorateApiClient } from "./api-client-of.ts";
import { checkResponses } from "./contracts/check-responses.ts";
import { contractApp } from "./contracts/contract-app.ts";
import { cachedSerializerCompiler } from "./contracts/serializer-cache.ts";
import { shareErrorBody } from "./contracts/share-error-body.ts";
import { answerClientError, answerError, registerErrorHandler } from "./error-handler.ts";
import type { LogStream } from "./log-stream.ts";
import { createMetrics } from "./metrics.ts";
import { refuseBadInput } from "./refuse-bad-input.ts";
import { registerHealthRoutes } from "./routes/health.ts";
import { metricsTokenScheme, registerMetricsRoute } from "./routes/metrics.ts";
import { registerOpenApiRoute } from "./routes/openapi.ts";
import { registerValidateRoute } from "./routes/validate.ts";
import { registerValidateAppPasswordRoute } from "./routes/validate-app-password.ts";
import { registerScim } from "./scim/register-scim.ts";
import { registerWeb } from "./web/register-web.ts";

export type ServerOptions = {
  logLevel?: LogLevel;
  /** Where people reach Varco; https:// makes cookies Secure. */
  publicUrl?: string;
  /** Proxies whose X-Forwarded-For gives the client address. */
  trustedProxies?: readonly string[];
  /** Where log lines go; stdout, one write per line, when not given. */
  logStream?: LogStream;
  /**
   * Check every answer of a route against the response schemas of its contract, and turn one
   * that does not match into a 500 that says why (contracts/check-responses.ts); `except` names
   * routes left unchecked. For tests.
   */
  checkResponses?: boolean | { except: (route: string) => boolean };
  /** The bearer token GET /metrics requires; without one, /metrics answers 404. */
  metricsToken?: string | undefined;
};

/** The HTTP interface: thin routes over the flows. */
export async function buildServer(
  ctx: Context,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const metrics = createMetrics();
  const logLevel = options.logLevel ?? "info";
  const threshold = logLevel === "silent" ? Infinity : (pino.levels.values[logLevel] ?? 0);
  const enabled = {
    error: (pino.levels.values.error ?? 50) >= threshold,
    info: (pino.levels.values.info ?? 30) >= threshold,
    debug: (pino.levels.values.debug ?? 20) >= threshold,
  };
  // Every request's duration goes to the metrics, and a line to the log at its route's level.
  const logRequest = (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url ?? "unmatched";
    const status = reply.statusCode;
    metrics.observeRequest(request.method, route, status, reply.elapsedTime / 1000);
    const level = status >= 500 ? "error" : status >= 400 ? "info" : requestLogLevel(route);
    if (!enabled[level]) return;
    request.log[level](
      { method: request.method, route, status, ms: Math.round(reply.elapsedTime * 10) / 10 },
      "request",
    );
  };
  const app = Fastify({
    logger: {
      level: logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      // Nothing that could hold a secret or a code is ever logged.
      redact: {
        paths: ["req.headers.authorization", "req.headers.cookie", "req.body"],
        remove: true,
      },
    },
    // One line per request, written by the onResponse hook below, instead of two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    bodyLimit: 64 * 1024,
    // The client address comes from the socket, or from X-Forwarded-For only via a trusted proxy.
    trustProxy: options.trustedProxies?.length ? [...options.trustedProxies] : false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    // A path parameter may be a UPN (up to 113 characters, more once percent-encoded).
    routerOptions: { maxParamLength: 500 },
    // What Fastify and Node refuse before a route runs answers in Varco's format too; no hook
    // runs for it, so the request is logged here.
    frameworkErrors: (error, request, reply) => {
      reply.header("x-request-id", request.id);
      answerError(error, request, reply);
      logRequest(request, reply);
    },
    clientErrorHandler: answerClientError,
  });
  app.setSerializerCompiler(cachedSerializerCompiler);
  if (options.checkResponses) {
    checkResponses(app, options.checkResponses === true ? {} : options.checkResponses);
  }

  // Callback hooks: on every request they cost less than async ones.
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    done();
  });
  // No answer leaves before the writes behind it are committed (SQLite commits in groups).
  app.addHook("onSend", (_request, _reply, payload, done) => {
    const settled = ctx.store.settled();
    if (!settled) return done(null, payload);
    settled.then(() => done(null, payload), done);
  });
  app.addHook("onResponse", (request, reply, done) => {
    logRequest(request, reply);
    done();
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Varco API", version: "1", description: "Multi-factor authentication server" },
      components: {
        securitySchemes: {
          apiKey: { type: "http", scheme: "bearer" },
          ...adminTokenScheme,
          ...metricsTokenScheme,
        },
      },
    },
    // The document describes the API (JSON, and the operations endpoints), not the pages.
    transform: ({ schema, url }) => ({
      schema: isApiPath(url) ? schema : { ...schema, hide: true },
      url,
    }),
    transformObject: (document) =>
      "openapiObject" in document ? shareErrorBody(document.openapiObject) : document.swaggerObject,
  });
  registerErrorHandler(app);
  refuseBadInput(app);
  decorateApiClient(app);
  // Routes take their types, validation, serialization and documentation from their contract.
  const api = contractApp(app);
  registerHealthRoutes(api, ctx);
  registerMetricsRoute(api, metrics, options.metricsToken);
  registerValidateRoute(api, ctx, metrics);
  registerValidateAppPasswordRoute(api, ctx);
  await registerAdminApi(api, ctx);
  registerOpenApiRoute(api);
  await registerScim(api, ctx, { publicUrl: options.publicUrl });
  await registerWeb(app, ctx, { publicUrl: options.publicUrl });
  return app;
}

/**
 * The level of a request's log line. The calls that are already on record one by one (validate
 * calls and sign-in events in the sign-in log) and the pages and
 * operations endpoints, polled or browsed all day, log theirs at debug: at the default level they
 * would double the log and cost a validate call a fifth of its CPU. The rest of the API, and
 * every refusal (400–499: a bad API key is on no other record), logs at info; 500 and up at error.
 */
function requestLogLevel(route: string): "info" | "debug" {
  let level = requestLogLevels.get(route);
  if (level === undefined) {
    const quiet =
      route === "/api/v1/validate" ||
      route.startsWith("/api/v1/sign-in") ||
      !route.startsWith("/api/") ||
      route === "/api/v1/openapi.json";
    level = quiet ? "debug" : "info";
    requestLogLevels.set(route, level);
  }
  return level;
}
const requestLogLevels = new Map<string, "info" | "debug">();

const isApiPath = (url: string) =>
  url.startsWith("/api/") || ["/healthz", "/readyz", "/metrics"].includes(url);
