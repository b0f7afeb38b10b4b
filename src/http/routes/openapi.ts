import type { FastifyInstance } from "fastify";

export function registerOpenApiRoute(app: FastifyInstance): void {
  app.get("/api/v1/openapi.json", { schema: { hide: true } }, async () => app.swagger());
}
