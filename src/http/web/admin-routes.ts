import { auditActivities } from "../../audit/audit-activities.ts";
import { isBlocked } from "../../directory/is-blocked.ts";
import type { User } from "../../directory/types.ts";
import { secondFactorLockedUntil } from "../../lockout/second-factor-lockout.ts";
import { authenticatorModelName } from "../../methods/passkey/authenticator-models.ts";
import { noPhoneUse, phoneUseFor } from "../../methods/phone/phone-use.ts";
import { passState } from "../../methods/temporary-access-pass/pass-state.ts";
import type { TenantPolicy } from "../../policy/tenant-policy.ts";
import { type AdminAction, isAllowed } from "../../roles/authorize.ts";
import { listAuditPage, listSignInsPage, listUsersPage } from "../../store/queries/admin-pages.ts";
import { listAppPasswords } from "../../store/queries/app-passwords.ts";
import { listLockedOutUsers } from "../../store/queries/lockouts.ts";
import { listMethods } from "../../store/queries/methods.ts";
import { listPasskeyCredentials, toPasskeyCredential } from "../../store/queries/passkeys.ts";
import { listPhoneMethods } from "../../store/queries/phone-methods.ts";
import { listRememberedDevices } from "../../store/queries/remembered-devices.ts";
import { findUserRisk } from "../../store/queries/risk.ts";
import { listRolesOf } from "../../store/queries/roles.ts";
import { findSecurityQuestionsRegistration } from "../../store/queries/security-questions.ts";
import { listLiveSessions } from "../../store/queries/sessions.ts";
import { findTemporaryAccessPass } from "../../store/queries/temporary-access-passes.ts";
import type { AdminUserRow } from "../../web/admin-page-models.ts";
import { defaultMethodSection } from "../../web/default-method-section.ts";
import { adminEmailMethodSection } from "../../web/email-method-section.ts";
import { phonesSection } from "../../web/phones-section.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { registerAdminConfirmRoutes } from "./admin-confirm-routes.ts";
import { adminPage, findPageTarget, sendAdminError, withPageAdmin } from "./admin-context.ts";
import { registerAdminDashboardRoutes } from "./admin-dashboard-routes.ts";
import { adminNotices, registerAdminUserActions } from "./admin-user-actions.ts";
import { registerAdminUserPhoneRoutes } from "./admin-user-phone-routes.ts";
import { registerAdminUserRoutes } from "./admin-user-routes.ts";
import { IdParams, optionalText, pageQuery } from "./page-contracts.ts";
import { sendPage, type Web } from "./web-context.ts";

const UsersQuery = pageQuery({
  q: optionalText(256),
  after: optionalText(256),
  notice: optionalText(40),
  error: optionalText(40),
});
/** What the users list may say (`?notice=`, `?error=`): a known notice, an error code's shape. */
const listNotices = ["user_deleted"];
const errorOf = (value: string | undefined) =>
  typeof value === "string" && /^[a-z_]{1,40}$/.test(value) ? { error: value } : {};
const UserQuery = pageQuery({
  notice: optionalText(40),
  error: optionalText(40),
  sessions: optionalText(10),
  devices: optionalText(10),
});
/** A count a notice shows (`?sessions=2`): a small whole number, else nothing. */
const countOf = (value: string | undefined) =>
  value !== undefined && /^\d{1,6}$/.test(value) ? Number(value) : undefined;
const AuditQuery = pageQuery({ action: optionalText(100), before: optionalText(20) });

/**
 * The admin pages: find a user, see their methods, risk and sign-ins, and help them
 * (admin-user-actions.ts: a Temporary Access Pass, re-registration, a method removed, sessions
 * ended, a password reset, a block). Every action asks the one authorization point, with the
 * user as target.
 */
export function registerAdminRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  const row = async (user: User, policy: TenantPolicy): Promise<AdminUserRow> => ({
    id: user.id,
    upn: user.upn,
    displayName: user.displayName,
    blocked: isBlocked(user, ctx.now()),
    lockedUntil: (await secondFactorLockedUntil(ctx.store.db, ctx.now(), policy, user.id)) ?? null,
    riskLevel: (await findUserRisk(ctx.store.db, user.id))?.risk_level ?? null,
    roles: await listRolesOf(ctx.store.db, "user", user.id),
  });

  registerAdminDashboardRoutes(app, web);
  registerAdminUserActions(app, web);
  registerAdminUserRoutes(app, web);
  registerAdminUserPhoneRoutes(app, web);
  registerAdminConfirmRoutes(app, web);

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
          users: await Promise.all(found.users.map((user) => row(user, admin.tenant.policy))),
          nextHref: found.more && last ? `/admin/users?${params}` : null,
          canCreate: isAllowed(admin.principal, "manageUsers"),
          ...(listNotices.find((n) => n === request.query.notice)
            ? { notice: request.query.notice }
            : {}),
          ...errorOf(request.query.error),
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
        const found = await findPageTarget(web, admin, request.params.id);
        if (!found) return sendAdminError(web, request, reply, admin, "user_not_found");
        const { user } = found;
        const now = ctx.now();
        const can = (action: AdminAction) => isAllowed(admin.principal, action, found);
        const policy = admin.tenant.policy;
        const [methods, tap, sessions, devices, risk, signIns, phones, passkeys] =
          await Promise.all([
            listMethods(ctx.store.db, user.id),
            findTemporaryAccessPass(ctx.store.db, user.id),
            listLiveSessions(ctx.store.db, user.id, now),
            listRememberedDevices(ctx.store.db, user.id, now),
            findUserRisk(ctx.store.db, user.id),
            can("readLogs")
              ? listSignInsPage(ctx.store.db, {
                  tenantId: admin.tenant.id,
                  filter: [{ field: "userId", op: "eq", value: user.id }],
                  top: 10,
                })
              : { entries: [], more: false },
            listPhoneMethods(ctx.store.db, user.id),
            listPasskeyCredentials(ctx.store.db, user.id),
          ]);
        const query = request.query;
        return sendPage(
          web,
          request,
          reply,
          "admin-user",
          {
            ...phonesSection(phones, {
              phoneBase: `/admin/users/${encodeURIComponent(user.id)}/phones`,
              canChangePhones: can("manageMethods"),
              phonesForAdmin: true,
            }),
            ...(await adminEmailMethodSection(ctx, user.id, can("manageMethods"))),
            ...(can("manageMethods")
              ? defaultMethodSection({
                  methods,
                  phones,
                  preferred: user.preferredPhoneMethod,
                  phoneUse:
                    phones.length > 0
                      ? await phoneUseFor(ctx, admin.tenant.id, user.id)
                      : noPhoneUse,
                  action: `/admin/users/${encodeURIComponent(user.id)}/default-method`,
                  forAdmin: true,
                })
              : {}),
            user: {
              ...(await row(user, policy)),
              blockedReason: user.blockedReason,
              blockedUntil: user.blockedUntil,
              createdAt: user.createdAt,
              lastSignInAt: user.lastSignInAt,
              reregistrationRequired: user.reregisterRequiredAt !== null,
              passwordChangeForcedAt: user.passwordChangeForcedAt,
              mail: user.mail,
              mobilePhone: user.mobilePhone,
              department: user.department,
            },
            risk: risk
              ? {
                  level: risk.risk_level,
                  state: risk.risk_state,
                  detail: risk.risk_detail,
                  updatedAt: Number(risk.updated_at),
                }
              : null,
            methods: methods.map((m) => ({
              id: m.id,
              label: m.label,
              kind: m.kind,
              state: m.state,
              isDefault: m.isDefault,
              failedAttempts: m.failedAttempts,
              lastUsedAt: m.lastUsedAt,
            })),
            passkeys: passkeys.map(toPasskeyCredential).map((passkey) => ({
              id: passkey.id,
              name: passkey.name,
              kind: passkey.kind,
              model: authenticatorModelName(passkey.aaguid) ?? null,
              createdAt: passkey.createdAt,
              lastUsedAt: passkey.lastUsedAt,
              clonedAt: passkey.clonedAt,
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
              resetPassword: can("resetPassword"),
              manageUsers: can("manageUsers"),
            },
            ...(adminNotices.find((n) => n === query.notice) ? { notice: query.notice } : {}),
            ...(query.notice === "password_reset" &&
            countOf(query.sessions) !== undefined &&
            countOf(query.devices) !== undefined
              ? {
                  ended: {
                    sessions: countOf(query.sessions) ?? 0,
                    devices: countOf(query.devices) ?? 0,
                  },
                }
              : {}),
            ...errorOf(query.error),
            securityQuestionsRegisteredAt:
              (await findSecurityQuestionsRegistration(ctx.store.db, user.id))?.registeredAt ??
              null,
            appPasswords: await listAppPasswords(ctx.store.db, user.id),
          },
          adminPage(admin),
        );
      }),
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
        // An activity picked from the list is matched whole ("Update tenant" is not "Update
        // tenant policy"); any other text, from an older link, as the start of one.
        filter: action
          ? [
              {
                field: "activityDisplayName",
                op: auditActivities.some((known) => known === action) ? "eq" : "startswith",
                value: action,
              },
            ]
          : [],
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
          activities: auditActivities,
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
