import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { User } from "../../directory/types.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { chooseDefault } from "../../methods/choose-default.ts";
import { addPhoneMethod } from "../../methods/phone/add-phone-method.ts";
import { removePhoneMethod } from "../../methods/phone/delete-phone-method.ts";
import { maskPhoneNumber } from "../../methods/phone/mask-phone-number.ts";
import { updatePhoneMethod } from "../../methods/phone/update-phone-method.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import { findPhoneMethod } from "../../store/queries/phone-methods.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import {
  adminPage,
  findPageTarget,
  type PageAdmin,
  sendAdminError,
  withPageAdmin,
} from "./admin-context.ts";
import { IdParams, optionalText, pageForm, text } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

const AddForm = pageForm({ ticket: optionalText(200), phoneType: text(32), phoneNumber: text(64) });
const NumberForm = pageForm({ ticket: optionalText(200), phoneNumber: text(64) });
const NoFields = pageForm({ ticket: optionalText(200) });
const DefaultMethodForm = pageForm({ ticket: optionalText(200), method: text(64) });
const PhoneParams = Type.Object({ id: text(100), type: text(32) });

/**
 * A user's phones from their admin page: add, change, remove (after a page that asks), with the
 * permission every method action takes (manageMethods, on this user). Back on the user's page
 * with a notice, or with the error that refused the number and changed nothing.
 */
export function registerAdminUserPhoneRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  const phoneAction = (
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    work: (admin: PageAdmin, user: User) => Promise<unknown>,
    notice: "phone_added" | "phone_changed" | "phone_removed" | "default_changed",
  ) =>
    withPageAdmin(web, request, reply, async (admin) => {
      const found = await findPageTarget(web, admin, userId);
      if (!found) return sendAdminError(web, request, reply, admin, "user_not_found");
      authorize(admin.principal, "manageMethods", found);
      const back = `/admin/users/${encodeURIComponent(found.user.id)}`;
      try {
        await work(admin, found.user);
      } catch (error) {
        if (!isVarcoError(error) || error.status >= 500) throw error;
        return seeOther(reply, `${back}?error=${error.code}`);
      }
      return seeOther(reply, `${back}?notice=${notice}`);
    });

  // The user's default method: an app by its id, or a phone as `sms:`/`voice:` (choose-default.ts).
  app.post(
    "/admin/users/:id/default-method",
    { schema: { params: IdParams, body: DefaultMethodForm } },
    async (request, reply) =>
      phoneAction(
        request,
        reply,
        request.params.id,
        (admin, user) => chooseDefault(ctx, admin.actor, user, request.body.method),
        "default_changed",
      ),
  );

  app.post(
    "/admin/users/:id/phones",
    { schema: { params: IdParams, body: AddForm } },
    async (request, reply) =>
      phoneAction(
        request,
        reply,
        request.params.id,
        (admin, user) => addPhoneMethod(ctx, admin.actor, user, request.body),
        "phone_added",
      ),
  );

  app.post(
    "/admin/users/:id/phones/:type",
    { schema: { params: PhoneParams, body: NumberForm } },
    async (request, reply) =>
      phoneAction(
        request,
        reply,
        request.params.id,
        (admin, user) =>
          updatePhoneMethod(ctx, admin.actor, user, {
            phoneType: request.params.type,
            phoneNumber: request.body.phoneNumber,
          }),
        "phone_changed",
      ),
  );

  app.get(
    "/admin/users/:id/phones/:type/remove",
    { schema: { params: PhoneParams } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        const found = await findPageTarget(web, admin, request.params.id);
        if (!found) return sendAdminError(web, request, reply, admin, "user_not_found");
        if (!isAllowed(admin.principal, "manageMethods", found))
          return sendAdminError(web, request, reply, admin, "forbidden");
        const phone = await findPhoneMethod(ctx.store.db, found.user.id, request.params.type);
        if (!phone) return sendAdminError(web, request, reply, admin, "not_found");
        const model = {
          kind: "removePhone" as const,
          methodLabel: maskPhoneNumber(phone.phoneNumber),
          action: `/admin/users/${encodeURIComponent(found.user.id)}/phones/${phone.phoneType}/remove`,
          userId: found.user.id,
          upn: found.user.upn,
        };
        return sendPage(web, request, reply, "admin-confirm", model, adminPage(admin));
      }),
  );

  app.post(
    "/admin/users/:id/phones/:type/remove",
    { schema: { params: PhoneParams, body: NoFields } },
    async (request, reply) =>
      phoneAction(
        request,
        reply,
        request.params.id,
        (admin, user) => removePhoneMethod(ctx, admin.actor, user, request.params.type),
        "phone_removed",
      ),
  );
}
