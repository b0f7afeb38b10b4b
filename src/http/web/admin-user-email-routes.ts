import { isVarcoError } from "../../errors/varco-error.ts";
import { removeEmailMethod } from "../../methods/email/delete-email-method.ts";
import { maskEmailAddress } from "../../methods/email/mask-email-address.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import { findEmailMethod } from "../../store/queries/email-methods.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { adminPage, findPageTarget, sendAdminError, withPageAdmin } from "./admin-context.ts";
import { IdParams, optionalText, pageForm } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

const NoFields = pageForm({ ticket: optionalText(200) });

/**
 * A user's authentication e-mail from their admin page: removed after a page that asks, with the
 * permission every method action takes (manageMethods, on this user). The address is set or
 * changed through the admin API (`emailMethods`), never typed on this page.
 */
export function registerAdminUserEmailRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  app.get(
    "/admin/users/:id/email/remove",
    { schema: { params: IdParams } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        const found = await findPageTarget(web, admin, request.params.id);
        if (!found) return sendAdminError(web, request, reply, admin, "user_not_found");
        if (!isAllowed(admin.principal, "manageMethods", found))
          return sendAdminError(web, request, reply, admin, "forbidden");
        const method = await findEmailMethod(ctx.store.db, found.user.id);
        if (!method) return sendAdminError(web, request, reply, admin, "not_found");
        const model = {
          userId: found.user.id,
          upn: found.user.upn,
          masked: maskEmailAddress(method.address),
          action: `/admin/users/${encodeURIComponent(found.user.id)}/email/remove`,
        };
        return sendPage(web, request, reply, "admin-email-remove", model, adminPage(admin));
      }),
  );

  app.post(
    "/admin/users/:id/email/remove",
    { schema: { params: IdParams, body: NoFields } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        const found = await findPageTarget(web, admin, request.params.id);
        if (!found) return sendAdminError(web, request, reply, admin, "user_not_found");
        authorize(admin.principal, "manageMethods", found);
        const back = `/admin/users/${encodeURIComponent(found.user.id)}`;
        try {
          await removeEmailMethod(ctx, admin.actor, found.user);
        } catch (error) {
          if (!isVarcoError(error) || error.status >= 500) throw error;
          return seeOther(reply, `${back}?error=${error.code}`);
        }
        return seeOther(reply, `${back}?notice=email_method_removed`);
      }),
  );
}
