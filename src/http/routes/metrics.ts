import { Type } from "typebox";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import type { Metrics } from "../metrics.ts";

export function registerMetricsRoute(app: ContractApp, metrics: Metrics): void {
  app.get(
    "/metrics",
    {
      schema: {
        summary: "Prometheus metrics",
        tags: ["operations"],
        response: {
          200: {
            description: "The Prometheus text format, version 0.0.4",
            content: { "text/plain": { schema: Type.String() } },
          },
          ...errorResponses(),
        },
      },
    },
    async (_request, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
}
