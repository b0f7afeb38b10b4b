import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isVarcoError } from "../../errors/varco-error.ts";
import { addPhoneMethod } from "../../methods/phone/add-phone-method.ts";
import { removePhoneMethod } from "../../methods/phone/delete-phone-method.ts";
import { maskPhoneNumber } from "../../methods/phone/mask-phone-number.ts";
import { updatePhoneMethod } from "../../methods/phone/update-phone-method.ts";
import { userActor } from "../../sign-in/user-actor.ts";
import { findPhoneMethod } from "../../store/queries/phone-methods.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { pageForm, text } from "./page-contracts.ts";
import {
  type Visitor,
  visitorNotFound,
  visitorPage,
  withRecentProof,
  withVisitor,
} from "./visitor.ts";
import { clientOf, seeOther, sendPage, type Web } from "./web-context.ts";

const AddForm = pageForm({ phoneType: text(32), phoneNumber: text(64) });
const NumberForm = pageForm({ phoneNumber: text(64) });
const NoFields = pageForm({});
const TypeParams = Type.Object({ type: text(32) });

/**
 * A user's own phones on Security info: add, change, remove (after a page that asks). Each asks
 * for the same recent second factor as the other method changes (session-strength.ts), and a
 * refused number comes back as the page's error, having changed nothing.
 */
export function registerSecurityInfoPhoneRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const changingPhones = (
    request: FastifyRequest,
    reply: FastifyReply,
    returnTo: string,
    work: (who: Visitor) => Promise<unknown>,
    notice: "phone_added" | "phone_changed" | "phone_removed",
  ) =>
    withVisitor(web, request, reply, (who) =>
      withRecentProof(web, reply, who, returnTo, async () => {
        try {
          await work(who);
        } catch (error) {
          if (!isVarcoError(error) || error.status >= 500) throw error;
          return seeOther(reply, `/security-info?error=${error.code}`);
        }
        return seeOther(reply, `/security-info?notice=${notice}`);
      }),
    );

  app.post("/security-info/phones", { schema: { body: AddForm } }, async (request, reply) =>
    changingPhones(
      request,
      reply,
      "/security-info",
      (who) => addPhoneMethod(ctx, userActor(who.user, clientOf(request)), who.user, request.body),
      "phone_added",
    ),
  );

  app.post(
    "/security-info/phones/:type",
    { schema: { params: TypeParams, body: NumberForm } },
    async (request, reply) =>
      changingPhones(
        request,
        reply,
        "/security-info",
        (who) =>
          updatePhoneMethod(ctx, userActor(who.user, clientOf(request)), who.user, {
            phoneType: request.params.type,
            phoneNumber: request.body.phoneNumber,
          }),
        "phone_changed",
      ),
  );

  app.get(
    "/security-info/phones/:type/remove",
    { schema: { params: TypeParams } },
    async (request, reply) =>
      withVisitor(web, request, reply, async (who) => {
        const path = `/security-info/phones/${encodeURIComponent(request.params.type)}/remove`;
        return withRecentProof(web, reply, who, path, async () => {
          const phone = await findPhoneMethod(ctx.store.db, who.user.id, request.params.type);
          if (!phone) return visitorNotFound(web, request, reply, who);
          const model = {
            kind: "removePhone" as const,
            methodLabel: maskPhoneNumber(phone.phoneNumber),
            action: path,
          };
          return sendPage(web, request, reply, "confirm", model, visitorPage(who));
        });
      }),
  );

  app.post(
    "/security-info/phones/:type/remove",
    { schema: { params: TypeParams, body: NoFields } },
    async (request, reply) =>
      changingPhones(
        request,
        reply,
        "/security-info",
        (who) =>
          removePhoneMethod(
            ctx,
            userActor(who.user, clientOf(request)),
            who.user,
            request.params.type,
          ),
        "phone_removed",
      ),
  );
}
