import { createUser } from "../../directory/create-user.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { adminPage, findPageTarget, sendAdminError, withPageAdmin } from "./admin-context.ts";
import { Checkbox, IdParams, optionalText, pageForm, text } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

const CreateForm = pageForm({
  userPrincipalName: text(256),
  displayName: optionalText(256),
  mail: optionalText(254),
  mobilePhone: optionalText(32),
  department: optionalText(64),
  password: optionalText(1024),
  forceChange: Checkbox,
  enabled: Checkbox,
});

/**
 * Creating a user from the users list ("New user"), and the page that asks before one is
 * deleted (no script: a page of its own, whose form posts to admin-user-actions.ts). The same
 * role rule as the admin API: manageUsers, on the user when there is one.
 */
export function registerAdminUserRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  app.post("/admin/users", { schema: { body: CreateForm } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "manageUsers");
      const body = request.body;
      const password =
        body.password === undefined || body.password === "" ? undefined : body.password;
      try {
        const user = await createUser(ctx, admin.actor, admin.tenant, {
          upn: body.userPrincipalName,
          displayName: body.displayName,
          password,
          forceChangePasswordNextSignIn: password !== undefined && body.forceChange !== undefined,
          accountEnabled: body.enabled !== undefined,
          blockedReason: "Created disabled by an administrator",
          mail: body.mail ?? null,
          mobilePhone: body.mobilePhone ?? null,
          department: body.department ?? null,
        });
        return seeOther(reply, `/admin/users/${encodeURIComponent(user.id)}?notice=user_created`);
      } catch (error) {
        if (!isVarcoError(error) || error.status >= 500) throw error;
        return seeOther(reply, `/admin/users?error=${error.code}`);
      }
    }),
  );

  app.get("/admin/users/:id/delete", { schema: { params: IdParams } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      const found = await findPageTarget(web, admin, request.params.id);
      if (!found) return sendAdminError(web, request, reply, admin, "user_not_found");
      if (!isAllowed(admin.principal, "manageUsers", found))
        return sendAdminError(web, request, reply, admin, "forbidden");
      return sendPage(
        web,
        request,
        reply,
        "admin-user-delete",
        { userId: found.user.id, upn: found.user.upn, displayName: found.user.displayName },
        adminPage(admin),
      );
    }),
  );
}
