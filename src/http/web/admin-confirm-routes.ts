import { type Static, Type } from "typebox";
import { maskEmailAddress } from "../../methods/email/mask-email-address.ts";
import { type AdminAction, isAllowed } from "../../roles/authorize.ts";
import { findEmailMethod } from "../../store/queries/email-methods.ts";
import { findMethod } from "../../store/queries/methods.ts";
import { findPasskeyCredential } from "../../store/queries/passkeys.ts";
import { findSecurityQuestionsRegistration } from "../../store/queries/security-questions.ts";
import type { AdminConfirmModel } from "../../web/admin-page-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { adminPage, findPageTarget, sendAdminError, withPageAdmin } from "./admin-context.ts";
import { IdParams, text } from "./page-contracts.ts";
import { sendPage, type Web } from "./web-context.ts";

const MethodParams = Type.Object({ id: text(100), methodId: text(100) });

/**
 * The pages that ask before a destructive action on a user: deleting a method, a passkey, the
 * security questions or the authentication e-mail, signing the user out everywhere. Each is a page
 * of its own whose form posts to the action in admin-user-actions.ts, so the question needs no
 * script. The page is shown only to an administrator who may do the action to this user, by the
 * same rule the POST checks.
 */
export function registerAdminConfirmRoutes(app: ContractApp, web: Web): void {
  const confirmPage = (
    path: string,
    action: AdminAction,
    describe: (
      userId: string,
      params: Static<typeof MethodParams> | Static<typeof IdParams>,
    ) => Promise<Omit<AdminConfirmModel, "userId" | "upn"> | undefined>,
  ) =>
    app.get(
      path,
      { schema: { params: path.includes(":methodId") ? MethodParams : IdParams } },
      async (request, reply) =>
        withPageAdmin(web, request, reply, async (admin) => {
          const params = request.params as Static<typeof IdParams>;
          const found = await findPageTarget(web, admin, params.id);
          if (!found) return sendAdminError(web, request, reply, admin, "user_not_found");
          if (!isAllowed(admin.principal, action, found))
            return sendAdminError(web, request, reply, admin, "forbidden");
          const described = await describe(found.user.id, params);
          if (!described) return sendAdminError(web, request, reply, admin, "not_found");
          const model = { ...described, userId: found.user.id, upn: found.user.upn };
          return sendPage(web, request, reply, "admin-confirm", model, adminPage(admin));
        }),
    );

  confirmPage(
    "/admin/users/:id/methods/:methodId/remove",
    "manageMethods",
    async (userId, params) => {
      const methodId = "methodId" in params ? params.methodId : "";
      const method = await findMethod(web.ctx.store.db, userId, methodId);
      if (!method) return undefined;
      return {
        kind: "removeMethod",
        methodLabel: method.label,
        action: `/admin/users/${encodeURIComponent(userId)}/methods/${encodeURIComponent(method.id)}/remove`,
      };
    },
  );
  confirmPage(
    "/admin/users/:id/passkeys/:methodId/remove",
    "manageMethods",
    async (userId, params) => {
      const id = "methodId" in params ? params.methodId : "";
      const passkey = await findPasskeyCredential(web.ctx.store.db, userId, id);
      if (!passkey) return undefined;
      return {
        kind: "removePasskey",
        methodLabel: passkey.name,
        action: `/admin/users/${encodeURIComponent(userId)}/passkeys/${encodeURIComponent(passkey.id)}/remove`,
      };
    },
  );
  confirmPage("/admin/users/:id/security-questions/remove", "manageMethods", async (userId) =>
    (await findSecurityQuestionsRegistration(web.ctx.store.db, userId))
      ? {
          kind: "removeSecurityQuestions",
          action: `/admin/users/${encodeURIComponent(userId)}/security-questions/remove`,
        }
      : undefined,
  );
  confirmPage("/admin/users/:id/email/remove", "manageMethods", async (userId) => {
    const method = await findEmailMethod(web.ctx.store.db, userId);
    if (!method) return undefined;
    return {
      kind: "removeEmailMethod",
      methodLabel: maskEmailAddress(method.address),
      action: `/admin/users/${encodeURIComponent(userId)}/email/remove`,
    };
  });
  confirmPage("/admin/users/:id/revoke-sessions", "manageSessions", async (userId) => ({
    kind: "revokeSessions",
    action: `/admin/users/${encodeURIComponent(userId)}/revoke-sessions`,
  }));
}
