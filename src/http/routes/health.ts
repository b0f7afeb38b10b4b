import type { FastifyInstance } from "fastify";
import type { Context } from "../../context.ts";

export function registerHealthRoutes(app: FastifyInstance, ctx: Context): void {
  const status = {
    type: "object",
    properties: { status: { type: "string", enum: ["ok", "unavailable"] } },
  } as const;
  app.get(
    "/healthz",
    {
      schema: { summary: "The process is alive", tags: ["operations"], response: { 200: status } },
    },
    async () => ({ status: "ok" }),
  );
  app.get(
    "/readyz",
    {
      schema: {
        summary: "The process can serve: the store answers",
        tags: ["operations"],
        response: { 200: status, 503: status },
      },
    },
    async (request, reply) => {
      try {
        await ctx.store.ping();
        return { status: "ok" };
      } catch (error) {
        request.log.warn({ err: error }, "store not ready");
        return reply.status(503).send({ status: "unavailable" });
      }
    },
  );
}
