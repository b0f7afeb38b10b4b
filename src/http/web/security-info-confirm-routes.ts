import { findMethod } from "../../store/queries/methods.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { IdParams } from "./page-contracts.ts";
import { visitorNotFound, visitorPage, withRecentProof, withVisitor } from "./visitor.ts";
import { sendPage, type Web } from "./web-context.ts";

/**
 * The pages that ask a signed-in user before deleting one of their methods or signing out
 * everywhere: a page of its own whose form posts to the action (security-info-routes.ts), so
 * the question needs no script. Deleting a method asks for a recent second factor first, as
 * the action itself does, so the person proves it before the question, not after.
 */
export function registerSecurityInfoConfirmRoutes(app: ContractApp, web: Web): void {
  app.get(
    "/security-info/methods/:id/remove",
    { schema: { params: IdParams } },
    async (request, reply) =>
      withVisitor(web, request, reply, async (who) => {
        const path = `/security-info/methods/${encodeURIComponent(request.params.id)}/remove`;
        return withRecentProof(web, reply, who, path, async () => {
          const method = await findMethod(web.ctx.store.db, who.user.id, request.params.id);
          if (!method) return visitorNotFound(web, request, reply, who);
          const model = { kind: "removeMethod" as const, methodLabel: method.label, action: path };
          return sendPage(web, request, reply, "confirm", model, visitorPage(who));
        });
      }),
  );
  app.get("/sign-out-everywhere", async (request, reply) =>
    withVisitor(web, request, reply, async (who) =>
      sendPage(
        web,
        request,
        reply,
        "confirm",
        { kind: "signOutEverywhere", action: "/sign-out-everywhere" },
        visitorPage(who),
      ),
    ),
  );
}
