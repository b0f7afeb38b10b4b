import type { FastifyReply, FastifyRequest } from "fastify";
import { isVarcoError } from "../../errors/varco-error.ts";
import { confirmEmailRegistration } from "../../methods/email/confirm-email-registration.ts";
import { removeEmailMethod } from "../../methods/email/delete-email-method.ts";
import { emailMethodEnabledFor } from "../../methods/email/email-method-enabled.ts";
import { maskEmailAddress } from "../../methods/email/mask-email-address.ts";
import { pendingEmailRegistration } from "../../methods/email/pending-email-registration.ts";
import { startEmailRegistration } from "../../methods/email/start-email-registration.ts";
import { userActor } from "../../sign-in/user-actor.ts";
import { findEmailMethod } from "../../store/queries/email-methods.ts";
import type { EmailMethodPageModel } from "../../web/email-method-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { pageForm, text } from "./page-contracts.ts";
import { type Visitor, visitorNotFound, visitorPage, withProvenVisitor } from "./visitor.ts";
import { clientOf, languageOf, seeOther, sendPage, type Web } from "./web-context.ts";

const AddressForm = pageForm({ address: text(320) });
const CodeForm = pageForm({ code: text(64) });
const NoFields = pageForm({});

/**
 * Security info's "E-mail for password reset": the user types an address, a code goes to it
 * (the address is not saved yet), the code typed back saves it, adding or replacing the one
 * before; removing asks first. Offered while the tenant's Email method configuration enables it
 * for the user; removing is always possible. Every step asks for the same recent second factor
 * as the other method changes (session-strength.ts), and every form carries the CSRF token.
 * The code is bound to the session that asked for it and to the address it went to.
 */
export function registerSecurityInfoEmailRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    who: Visitor,
    model: EmailMethodPageModel,
    status = 200,
  ) => sendPage(web, request, reply, "email-method", model, { ...visitorPage(who), status });
  const statusOf = (code: string) =>
    code === "email_limit_reached"
      ? 429
      : code === "email_method_not_allowed"
        ? 403
        : code === "email_send_failed"
          ? 502
          : 400;

  app.get("/security-info/email", async (request, reply) =>
    withProvenVisitor(web, request, reply, "/security-info/email", async (who) => {
      if (!(await emailMethodEnabledFor(ctx, who.tenant.id, who.user.id)))
        return seeOther(reply, "/security-info?error=email_method_not_allowed");
      const replacing = (await findEmailMethod(ctx.store.db, who.user.id)) !== undefined;
      return show(request, reply, who, { mode: "address", replacing });
    }),
  );

  app.post("/security-info/email", { schema: { body: AddressForm } }, async (request, reply) =>
    withProvenVisitor(web, request, reply, "/security-info/email", async (who) => {
      const address = request.body.address;
      try {
        await startEmailRegistration(ctx, who.tenant, who.user, {
          boundTo: who.session.id,
          address,
          language: languageOf(web, request, reply),
        });
      } catch (error) {
        if (!isVarcoError(error)) throw error;
        const replacing = (await findEmailMethod(ctx.store.db, who.user.id)) !== undefined;
        const model = { mode: "address" as const, replacing, address, error: error.code };
        return show(request, reply, who, model, statusOf(error.code));
      }
      return seeOther(reply, "/security-info/email/code");
    }),
  );

  app.get("/security-info/email/code", async (request, reply) =>
    withProvenVisitor(web, request, reply, "/security-info/email", async (who) => {
      const pending = await pendingEmailRegistration(ctx, who.session.id);
      if (!pending) return seeOther(reply, "/security-info/email");
      return show(request, reply, who, { mode: "code", masked: maskEmailAddress(pending) });
    }),
  );

  app.post("/security-info/email/code", { schema: { body: CodeForm } }, async (request, reply) =>
    withProvenVisitor(web, request, reply, "/security-info/email", async (who) => {
      const pending = await pendingEmailRegistration(ctx, who.session.id);
      const before = await findEmailMethod(ctx.store.db, who.user.id);
      try {
        await confirmEmailRegistration(
          ctx,
          userActor(who.user, clientOf(request)),
          who.tenant,
          who.user,
          { boundTo: who.session.id, code: request.body.code },
        );
      } catch (error) {
        if (isVarcoError(error, "invalid_code") && pending)
          return show(
            request,
            reply,
            who,
            { mode: "code", masked: maskEmailAddress(pending), error: "invalid_code" },
            401,
          );
        if (!isVarcoError(error) || error.status >= 500) throw error;
        return seeOther(reply, `/security-info?error=${error.code}`);
      }
      return seeOther(reply, `/security-info?notice=${before ? "email_changed" : "email_added"}`);
    }),
  );

  app.get("/security-info/email/remove", async (request, reply) =>
    withProvenVisitor(web, request, reply, "/security-info/email/remove", async (who) => {
      const method = await findEmailMethod(ctx.store.db, who.user.id);
      if (!method) return visitorNotFound(web, request, reply, who);
      return show(request, reply, who, {
        mode: "remove",
        masked: maskEmailAddress(method.address),
      });
    }),
  );

  app.post("/security-info/email/remove", { schema: { body: NoFields } }, async (request, reply) =>
    withProvenVisitor(web, request, reply, "/security-info", async (who) => {
      try {
        await removeEmailMethod(ctx, userActor(who.user, clientOf(request)), who.user);
      } catch (error) {
        if (!isVarcoError(error) || error.status >= 500) throw error;
        return seeOther(reply, `/security-info?error=${error.code}`);
      }
      return seeOther(reply, "/security-info?notice=email_removed");
    }),
  );
}
