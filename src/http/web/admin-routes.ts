import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, type TProperties, Type } from "typebox";
import { setUserBlocked } from "../../directory/block-user.ts";
import { isBlocked } from "../../directory/is-blocked.ts";
import type { User } from "../../directory/types.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { secondFactorLockedUntil } from "../../lockout/second-factor-lockout.ts";
import { unlockUser } from "../../lockout/unlock-user.ts";
import { removeMethod } from "../../methods/remove-method.ts";
import { requireReregistration } from "../../methods/reregistration.ts";
import { issueTemporaryAccessPass } from "../../methods/temporary-access-pass/issue.ts";
import { passState } from "../../methods/temporary-access-pass/pass-state.ts";
import { removeTemporaryAccessPass } from "../../methods/temporary-access-pass/remove.ts";
import { forgetDevices } from "../../remembered-devices/forget-devices.ts";
import { resolveUserRisk } from "../../risk/resolve-risk.ts";
import { type AdminAction, authorize, isAllowed } from "../../roles/authorize.ts";
import { revokeUserSessions } from "../../sessions/revoke-sessions.ts";
import { listAuditPage, listSignInsPage, listUsersPage } from "../../store/queries/admin-pages.ts";
import { listLockedOutUsers } from "../../store/queries/lockouts.ts";
import { listMethods } from "../../store/queries/methods.ts";
import { listRememberedDevices } from "../../store/queries/remembered-devices.ts";
import { findUserRisk } from "../../store/queries/risk.ts";
import { listRolesOf } from "../../store/queries/roles.ts";
import { listLiveSessions } from "../../store/queries/sessions.ts";
import { findTemporaryAccessPass } from "../../store/queries/temporary-access-passes.ts";
import { findUserById } from "../../store/queries/users.ts";
import type { AdminUserRow } from "../../web/admin-page-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { adminPage, type PageAdmin, sendAdminError, withPageAdmin } from "./admin-context.ts";
import { Checkbox, IdParams, optionalText, pageForm, pageQuery, text } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

const UsersQuery = pageQuery({ q: optionalText(256), after: optionalText(256) });
const UserQuery = pageQuery({ notice: optionalText(40), error: optionalText(40) });
const AuditQuery = pageQuery({ action: optionalText(100), before: optionalText(20) });
/** The identity check done before a recovery action (a helpdesk ticket): every action takes it. */
const actionForm = <P extends TProperties>(fields: P) =>
  pageForm({ ticket: optionalText(200), ...fields });
const MethodParams = Type.Object({ id: text(100), methodId: text(100) });

const adminNotices = [
  "tap_deleted",
  "method_removed",
  "reregistration_required",
  "sessions_revoked",
  "user_blocked",
  "user_unblocked",
  "user_unlocked",
  "risk_dismissed",
  "risk_confirmed",
] as const;

/**
 * The admin pages (seed 003): find a user, see their methods, risk and sign-ins, and help them:
 * a Temporary Access Pass, re-registration, a method removed, sessions ended, a block. Every
 * action asks the one authorization point, with the user as target.
 */
export function registerAdminRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  /** The user named in the path, in the administrator's tenant, and whether they hold a role. */
  const target = async (admin: PageAdmin, id: string) => {
    const user = await findUserById(ctx.store.db, id);
    if (!user || user.tenantId !== admin.tenant.id) return undefined;
    const roles = await listRolesOf(ctx.store.db, "user", user.id);
    return { user, roles, isAdmin: roles.length > 0 };
  };
  const row = async (user: User): Promise<AdminUserRow> => ({
    id: user.id,
    upn: user.upn,
    displayName: user.displayName,
    blocked: isBlocked(user, ctx.now()),
    riskLevel: (await findUserRisk(ctx.store.db, user.id))?.risk_level ?? null,
    roles: await listRolesOf(ctx.store.db, "user", user.id),
  });

  app.get("/admin", async (_request, reply) => seeOther(reply, "/admin/users"));

  app.get("/admin/users", { schema: { querystring: UsersQuery } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      if (!isAllowed(admin.principal, "readDirectory"))
        return sendAdminError(web, request, reply, admin, "forbidden");
      const q = (request.query.q ?? "").trim();
      const after = request.query.after ?? "";
      const field = q.includes("@") || q === "" ? "userPrincipalName" : "displayName";
      const found = await listUsersPage(ctx.store.db, {
        tenantId: admin.tenant.id,
        filter: q ? [{ field, op: "startswith", value: q }] : [],
        top: 50,
        ...(after ? { afterUpnKey: after } : {}),
        now: ctx.now(),
      });
      const last = found.users.at(-1);
      const params = new URLSearchParams({
        ...(q ? { q } : {}),
        after: last?.upn.toLowerCase() ?? "",
      });
      return sendPage(
        web,
        request,
        reply,
        "admin-users",
        {
          query: q,
          users: await Promise.all(found.users.map(row)),
          nextHref: found.more && last ? `/admin/users?${params}` : null,
        },
        adminPage(admin),
      );
    }),
  );

  app.get(
    "/admin/users/:id",
    { schema: { params: IdParams, querystring: UserQuery } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        if (!isAllowed(admin.principal, "readDirectory"))
          return sendAdminError(web, request, reply, admin, "forbidden");
        const found = await target(admin, request.params.id);
        if (!found) return sendAdminError(web, request, reply, admin, "user_not_found");
        const { user } = found;
        const now = ctx.now();
        const can = (action: AdminAction) => isAllowed(admin.principal, action, found);
        const policy = admin.tenant.policy;
        const [methods, tap, sessions, devices, risk, lockedUntil, signIns] = await Promise.all([
          listMethods(ctx.store.db, user.id),
          findTemporaryAccessPass(ctx.store.db, user.id),
          listLiveSessions(ctx.store.db, user.id, now),
          listRememberedDevices(ctx.store.db, user.id, now),
          findUserRisk(ctx.store.db, user.id),
          secondFactorLockedUntil(ctx.store.db, now, policy, user.id),
          can("readLogs")
            ? listSignInsPage(ctx.store.db, {
                tenantId: admin.tenant.id,
                filter: [{ field: "userId", op: "eq", value: user.id }],
                top: 10,
              })
            : { entries: [], more: false },
        ]);
        const query = request.query;
        return sendPage(
          web,
          request,
          reply,
          "admin-user",
          {
            user: {
              ...(await row(user)),
              blockedReason: user.blockedReason,
              blockedUntil: user.blockedUntil,
              createdAt: user.createdAt,
              lastSignInAt: user.lastSignInAt,
              reregistrationRequired: user.reregisterRequiredAt !== null,
            },
            risk: risk
              ? {
                  level: risk.risk_level,
                  state: risk.risk_state,
                  detail: risk.risk_detail,
                  updatedAt: Number(risk.updated_at),
                }
              : null,
            lockedUntil: lockedUntil ?? null,
            methods: methods.map((m) => ({
              id: m.id,
              label: m.label,
              kind: m.kind,
              state: m.state,
              isDefault: m.isDefault,
              failedAttempts: m.failedAttempts,
              lastUsedAt: m.lastUsedAt,
            })),
            tap: tap
              ? {
                  state: passState(tap, now),
                  startAt: tap.startAt,
                  expiresAt: tap.expiresAt,
                  usableOnce: tap.usableOnce,
                }
              : null,
            sessionCount: sessions.length,
            rememberedDeviceCount: devices.length,
            signIns: signIns.entries.map((e) => ({
              time: Number(e.time),
              result: e.result,
              reason: e.reason,
              ip: e.ip,
              method: e.method_kind,
            })),
            tapDefaultMinutes: policy.tapDefaultLifetimeMinutes,
            tapMinMinutes: policy.tapMinimumLifetimeMinutes,
            tapMaxMinutes: policy.tapMaximumLifetimeMinutes,
            can: {
              manageMethods: can("manageMethods"),
              issueTemporaryAccessPass: can("issueTemporaryAccessPass"),
              requireReregistration: can("requireReregistration"),
              manageSessions: can("manageSessions"),
              blockUsers: can("blockUsers"),
              readLogs: can("readLogs"),
              manageRisk: can("manageRisk"),
            },
            ...(adminNotices.find((n) => n === query.notice) ? { notice: query.notice } : {}),
            ...(typeof query.error === "string" && /^[a-z_]{1,40}$/.test(query.error)
              ? { error: query.error }
              : {}),
          },
          adminPage(admin),
        );
      }),
  );

  /** A POST on a user, with its form: authorized for that user, done, then back to its page. */
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
    ) => Promise<string | FastifyReply>,
  ) =>
    app.post(
      path,
      { schema: { params: path.includes(":methodId") ? MethodParams : IdParams, body: form } },
      async (request, reply) =>
        withPageAdmin(web, request, reply, async (admin) => {
          const params = request.params as Static<typeof IdParams>;
          const found = await target(admin, params.id);
          if (!found) return sendAdminError(web, request, reply, admin, "user_not_found");
          authorize(admin.principal, action, found);
          const back = `/admin/users/${encodeURIComponent(found.user.id)}`;
          try {
            const input = { body: request.body as Static<F>, params };
            const done = await work(admin, found.user, input, request, reply);
            return typeof done === "string" ? seeOther(reply, `${back}?notice=${done}`) : done;
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

  app.get("/admin/lockouts", async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      if (!isAllowed(admin.principal, "readDirectory"))
        return sendAdminError(web, request, reply, admin, "forbidden");
      const { id, policy } = admin.tenant;
      const locked = await listLockedOutUsers(ctx.store.db, id, policy.lockoutThreshold, ctx.now());
      const users = locked.map((u) => ({
        id: u.userId,
        upn: u.upn,
        failures: u.failures,
        lockedUntil: u.lockedUntil,
      }));
      return sendPage(web, request, reply, "admin-lockouts", { users }, adminPage(admin));
    }),
  );

  app.get("/admin/audit", { schema: { querystring: AuditQuery } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      if (!isAllowed(admin.principal, "readLogs"))
        return sendAdminError(web, request, reply, admin, "forbidden");
      const action = (request.query.action ?? "").trim();
      const before = Number(request.query.before);
      const found = await listAuditPage(ctx.store.db, {
        tenantId: admin.tenant.id,
        filter: action ? [{ field: "activityDisplayName", op: "startswith", value: action }] : [],
        top: 50,
        ...(Number.isSafeInteger(before) && before > 0 ? { beforeSeq: before } : {}),
      });
      const last = found.entries.at(-1);
      const params = new URLSearchParams({
        ...(action ? { action } : {}),
        before: String(last?.seq ?? ""),
      });
      return sendPage(
        web,
        request,
        reply,
        "admin-audit",
        {
          action,
          entries: found.entries.map((e) => {
            const details = JSON.parse(e.details_json) as { upn?: unknown; ticket?: unknown };
            return {
              time: Number(e.time),
              actor: e.actor_name,
              action: e.action,
              target: typeof details.upn === "string" ? details.upn : e.target_id,
              ticket: typeof details.ticket === "string" ? details.ticket : null,
            };
          }),
          nextHref: found.more && last ? `/admin/audit?${params}` : null,
        },
        adminPage(admin),
      );
    }),
  );
}
