import type { FastifyInstance } from "fastify";
import type { Metrics } from "../metrics.ts";

export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics): void {
  app.get(
    "/metrics",
    { schema: { summary: "Prometheus metrics", tags: ["operations"], hide: true } },
    async (_request, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
}
