import { Type } from "typebox";
import type { Context } from "../../context.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";

const Status = Type.Object({ status: Type.Enum(["ok", "unavailable"]) });

export function registerHealthRoutes(app: ContractApp, ctx: Context): void {
  app.get(
    "/healthz",
    {
      schema: {
        summary: "The process is alive",
        tags: ["operations"],
        response: {
          200: Type.With(Status, { description: "Alive: status ok" }),
          ...errorResponses(),
        },
      },
    },
    async () => ({ status: "ok" as const }),
  );
  app.get(
    "/readyz",
    {
      schema: {
        summary: "The process can serve: the store answers",
        tags: ["operations"],
        response: {
          200: Type.With(Status, { description: "Ready: status ok" }),
          ...errorResponses(),
          // Its own answer, not the error shape: load balancers read the status alone.
          503: Type.With(Status, { description: "The store does not answer: status unavailable" }),
        },
      },
    },
    async (request, reply) => {
      try {
        await ctx.store.ping();
        return { status: "ok" as const };
      } catch (error) {
        request.log.warn({ err: error }, "store not ready");
        return reply.status(503).send({ status: "unavailable" });
      }
    },
  );
}
