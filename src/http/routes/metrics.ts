import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { constantTimeEqual } from "../../crypto/constant-time.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import type { Metrics } from "../metrics.ts";

/**
 * GET /metrics, for operators only: the metrics name why validate calls were rejected, which the
 * validate API itself never tells (invariant 4). It answers only `Authorization: Bearer <token>`
 * with the configured metrics token (VARCO_METRICS_TOKEN), compared in constant time; without a
 * token configured the endpoint is off and answers 404, like a path that does not exist.
 */
export function registerMetricsRoute(
  app: ContractApp,
  metrics: Metrics,
  token: string | undefined,
): void {
  app.get(
    "/metrics",
    {
      onRequest: async (request: FastifyRequest) => {
        if (token === undefined) throw new VarcoError("not_found", "no such route");
        if (!constantTimeEqual(presentedToken(request), token)) {
          throw new VarcoError("unauthorized", "the metrics token is required");
        }
      },
      schema: {
        summary: "Prometheus metrics, with the metrics token",
        description:
          "Answers only `Authorization: Bearer <VARCO_METRICS_TOKEN>`; 404 when no metrics token is configured.",
        tags: ["operations"],
        security: [{ metricsToken: [] }],
        response: {
          200: {
            description: "The Prometheus text format, version 0.0.4",
            content: { "text/plain": { schema: Type.String() } },
          },
          ...errorResponses(401, 404),
        },
      },
    },
    async (_request, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
}

export const metricsTokenScheme = { metricsToken: { type: "http", scheme: "bearer" } } as const;

function presentedToken(request: FastifyRequest): string {
  const match = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? "");
  return match?.[1] ?? "";
}
