import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, type TProperties, Type } from "typebox";
import { setUserBlocked } from "../../directory/block-user.ts";
import { deleteUser } from "../../directory/delete-user.ts";
import { setPassword } from "../../directory/set-password.ts";
import type { User } from "../../directory/types.ts";
import { updateUser } from "../../directory/update-user.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { unlockUser } from "../../lockout/unlock-user.ts";
import { revokeAppPassword } from "../../methods/app-password/revoke-app-password.ts";
import { removeEmailMethod } from "../../methods/email/delete-email-method.ts";
import { removePasskey } from "../../methods/passkey/remove-passkey.ts";
import { removeMethod } from "../../methods/remove-method.ts";
import { requireReregistration } from "../../methods/reregistration.ts";
import { deleteSecurityQuestions } from "../../methods/security-questions/delete.ts";
import { issueTemporaryAccessPass } from "../../methods/temporary-access-pass/issue.ts";
import { removeTemporaryAccessPass } from "../../methods/temporary-access-pass/remove.ts";
import { forgetDevices } from "../../remembered-devices/forget-devices.ts";
import { resolveUserRisk } from "../../risk/resolve-risk.ts";
import { type AdminAction, authorize } from "../../roles/authorize.ts";
import { revokeUserSessions } from "../../sessions/revoke-sessions.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import {
  adminPage,
  findPageTarget,
  type PageAdmin,
  sendAdminError,
  withPageAdmin,
} from "./admin-context.ts";
import { Checkbox, IdParams, optionalText, pageForm, text } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

/** The identity check done before a recovery action (a helpdesk ticket): every action takes it. */
const actionForm = <P extends TProperties>(fields: P) =>
  pageForm({ ticket: optionalText(200), ...fields });
const MethodParams = Type.Object({ id: text(100), methodId: text(100) });

/** What a user's admin page may say after one of these actions (`?notice=`). */
export const adminNotices = [
  "tap_deleted",
  "method_removed",
  "reregistration_required",
  "sessions_revoked",
  "user_blocked",
  "user_unblocked",
  "user_unlocked",
  "risk_dismissed",
  "risk_confirmed",
  "password_reset",
  "user_created",
  "user_updated",
  "phone_added",
  "phone_changed",
  "phone_removed",
  "default_changed",
  "passkey_removed",
  "email_method_removed",
  "security_questions_removed",
  "app_password_revoked",
] as const;

/** A notice with the numbers it shows (`?notice=…&sessions=2`). */
type Notice = {
  readonly notice: (typeof adminNotices)[number];
  readonly shows: Record<string, string>;
};

/**
 * What an administrator does to a user from the user's admin page: a Temporary Access
 * Pass, re-registration, a method removed, sessions ended, a password reset, a block. Each POST
 * asks the one authorization point, with the user as target, then goes back to the user's page.
 */
export function registerAdminUserActions(app: ContractApp, web: Web): void {
  const { ctx } = web;

  /**
   * A POST on a user, with its form: authorized for that user, done, then back to its page with
   * the notice `work` names (and what else the notice shows), or with the error it threw.
   */
  const userAction = <F extends ReturnType<typeof actionForm>>(
    path: string,
    action: AdminAction,
    form: F,
    work: (
      admin: PageAdmin,
      user: User,
      input: { body: Static<F>; params: Static<typeof MethodParams> | Static<typeof IdParams> },
      request: FastifyRequest,
      reply: FastifyReply,
    ) => Promise<(typeof adminNotices)[number] | Notice | FastifyReply>,
  ) =>
    app.post(
      path,
      { schema: { params: path.includes(":methodId") ? MethodParams : IdParams, body: form } },
      async (request, reply) =>
        withPageAdmin(web, request, reply, async (admin) => {
          const params = request.params as Static<typeof IdParams>;
          const found = await findPageTarget(web, admin, params.id);
          if (!found) return sendAdminError(web, request, reply, admin, "user_not_found");
          authorize(admin.principal, action, found);
          const back = `/admin/users/${encodeURIComponent(found.user.id)}`;
          try {
            const input = { body: request.body as Static<F>, params };
            const done = await work(admin, found.user, input, request, reply);
            if (typeof done === "string") return seeOther(reply, `${back}?notice=${done}`);
            if (!("notice" in done)) return done;
            return seeOther(
              reply,
              `${back}?${new URLSearchParams({ ...done.shows, notice: done.notice })}`,
            );
          } catch (error) {
            if (!isVarcoError(error) || error.status >= 500) throw error;
            return seeOther(reply, `${back}?error=${error.code}`);
          }
        }),
    );

  userAction(
    "/admin/users/:id/tap",
    "issueTemporaryAccessPass",
    actionForm({ lifetimeMinutes: optionalText(10), once: Checkbox }),
    async (admin, user, { body }, request, reply) => {
      const minutes = Number(body.lifetimeMinutes);
      const issued = await issueTemporaryAccessPass(ctx, admin.actor, admin.tenant, user, {
        lifetimeMinutes: Number.isInteger(minutes) ? minutes : undefined,
        usableOnce: body.once === "on",
      });
      reply.header("cache-control", "no-store");
      return sendPage(
        web,
        request,
        reply,
        "admin-tap-issued",
        {
          userId: user.id,
          upn: user.upn,
          pass: issued.pass,
          startAt: issued.startAt,
          expiresAt: issued.expiresAt,
          usableOnce: issued.usableOnce,
          notYetValid: issued.startAt > ctx.now(),
        },
        adminPage(admin),
      );
    },
  );
  userAction(
    "/admin/users/:id/tap/delete",
    "issueTemporaryAccessPass",
    actionForm({}),
    async (admin, user) => {
      await removeTemporaryAccessPass(ctx, admin.actor, user);
      return "tap_deleted";
    },
  );
  userAction(
    "/admin/users/:id/methods/:methodId/remove",
    "manageMethods",
    actionForm({}),
    async (admin, user, { params }) => {
      await removeMethod(ctx, admin.actor, user, "methodId" in params ? params.methodId : "");
      return "method_removed";
    },
  );
  // A passkey or security key, after the page that asks (admin-confirm-routes.ts).
  userAction(
    "/admin/users/:id/passkeys/:methodId/remove",
    "manageMethods",
    actionForm({}),
    async (admin, user, { params }) => {
      await removePasskey(ctx, admin.actor, user, "methodId" in params ? params.methodId : "");
      return "passkey_removed";
    },
  );
  // An app password: revoked at once (the user can create another; nothing else is lost).
  userAction(
    "/admin/users/:id/app-passwords/:methodId/revoke",
    "manageMethods",
    actionForm({}),
    async (admin, user, { params }) => {
      const id = "methodId" in params ? params.methodId : "";
      await revokeAppPassword(ctx, admin.actor, user, id);
      return "app_password_revoked";
    },
  );
  // The user's security questions, as a whole (an administrator never sees which, nor an answer).
  userAction(
    "/admin/users/:id/security-questions/remove",
    "manageMethods",
    actionForm({}),
    async (admin, user) => {
      await deleteSecurityQuestions(ctx, admin.actor, user);
      return "security_questions_removed";
    },
  );
  // The authentication e-mail (set or changed only through the admin API's emailMethods).
  userAction(
    "/admin/users/:id/email/remove",
    "manageMethods",
    actionForm({}),
    async (admin, user) => {
      await removeEmailMethod(ctx, admin.actor, user);
      return "email_method_removed";
    },
  );
  userAction(
    "/admin/users/:id/reregister",
    "requireReregistration",
    actionForm({ removeMethods: Checkbox }),
    async (admin, user, { body }) => {
      await requireReregistration(ctx, admin.actor, user, {
        removeMethods: body.removeMethods === "on",
      });
      return "reregistration_required";
    },
  );
  userAction(
    "/admin/users/:id/revoke-sessions",
    "manageSessions",
    actionForm({}),
    async (admin, user) => {
      await revokeUserSessions(ctx, admin.actor, user);
      await forgetDevices(ctx, admin.actor, user);
      return "sessions_revoked";
    },
  );
  // Graph's passwordProfile on the page: a new password, by default asked to be changed at the
  // next sign-in, as Entra's "Reset password" does; the same role rule as the admin API.
  userAction(
    "/admin/users/:id/password",
    "resetPassword",
    actionForm({ newPassword: text(1024), forceChange: Checkbox }),
    async (admin, user, { body }) => {
      const ended = await setPassword(ctx, admin.actor, user, body.newPassword, {
        forceChangeNextSignIn: body.forceChange === "on" || body.forceChange === "1",
      });
      return {
        notice: "password_reset",
        shows: {
          sessions: String(ended.sessionsRevoked),
          devices: String(ended.rememberedDevicesRevoked),
        },
      };
    },
  );
  for (const blocked of [true, false]) {
    userAction(
      `/admin/users/:id/${blocked ? "block" : "unblock"}`,
      "blockUsers",
      actionForm({ reason: optionalText(500) }),
      async (admin, user, { body }) => {
        await setUserBlocked(ctx, admin.actor, user, { blocked, reason: body.reason ?? "" });
        return blocked ? "user_blocked" : "user_unblocked";
      },
    );
  }
  // Graph's PATCH of the user on the page: the same checks and role rule as the admin API.
  userAction(
    "/admin/users/:id/profile",
    "manageUsers",
    actionForm({
      displayName: text(256),
      mail: optionalText(254),
      mobilePhone: optionalText(32),
      department: optionalText(64),
    }),
    async (admin, user, { body }) => {
      await updateUser(ctx, admin.actor, user, {
        displayName: body.displayName,
        mail: body.mail ?? null,
        mobilePhone: body.mobilePhone ?? null,
        department: body.department ?? null,
      });
      return "user_updated";
    },
  );
  // The confirmation page (admin-user-routes.ts) posts here: deleted, then back to the list.
  userAction(
    "/admin/users/:id/delete",
    "manageUsers",
    actionForm({}),
    async (admin, user, _input, _request, reply) => {
      await deleteUser(ctx, admin.actor, user);
      return seeOther(reply, "/admin/users?notice=user_deleted");
    },
  );
  userAction("/admin/users/:id/unlock", "manageSessions", actionForm({}), async (admin, user) => {
    await unlockUser(ctx, admin.actor, admin.tenant, user);
    return "user_unlocked";
  });
  userAction(
    "/admin/users/:id/risk",
    "manageRisk",
    actionForm({ verdict: Type.Enum(["dismiss", "confirmCompromised"]) }),
    async (admin, user, { body }) => {
      const verdict = body.verdict;
      await resolveUserRisk(ctx, admin.actor, user, verdict);
      return verdict === "dismiss" ? "risk_dismissed" : "risk_confirmed";
    },
  );
}
