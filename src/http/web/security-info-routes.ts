import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isVarcoError } from "../../errors/varco-error.ts";
import { regenerateBackupCodes } from "../../methods/backup-codes/regenerate.ts";
import { removeMethod } from "../../methods/remove-method.ts";
import { chooseDefaultMethod } from "../../methods/set-default-method.ts";
import { activateSoftwareOath } from "../../methods/software-oath/activate.ts";
import { enrolSoftwareOath } from "../../methods/software-oath/enrol.ts";
import { forgetDevices } from "../../remembered-devices/forget-devices.ts";
import type { SignedIn } from "../../sessions/authenticate-session.ts";
import { revokeUserSessions } from "../../sessions/revoke-sessions.ts";
import { confirmPassword } from "../../sign-in/confirm-password.ts";
import { userActor } from "../../sign-in/user-actor.ts";
import { countUnusedBackupCodes } from "../../store/queries/backup-codes.ts";
import { listMethods } from "../../store/queries/methods.ts";
import { listRememberedDevices } from "../../store/queries/remembered-devices.ts";
import { listRolesOf } from "../../store/queries/roles.ts";
import { listLiveSessions } from "../../store/queries/sessions.ts";
import type { SecurityInfoNotice } from "../../web/page-models.ts";
import { enrolQrModel, enrolQrPng } from "./enrolment-views.ts";
import {
  clearCookie,
  clientOf,
  csrfPasses,
  seeOther,
  sendPage,
  signedInOf,
  type Web,
} from "./web-context.ts";

type Form = Record<string, string | undefined>;
type Params = { id: string };

/** Removing a method needs a sign-in (or password confirmation) younger than this. */
export const recentAuthenticationMs = 10 * 60_000;

const notices: readonly SecurityInfoNotice[] = [
  "method_added",
  "method_removed",
  "default_changed",
  "device_revoked",
  "session_revoked",
  "backup_codes_regenerated",
];

/** A signed-in user, and whether they hold a role (the header then links to the admin pages). */
type Visitor = SignedIn & { readonly isAdmin: boolean };

/** The security info page (seed 004 "Autenticazione OTP"): methods, backup codes, devices, sessions. */
export function registerSecurityInfoRoutes(app: FastifyInstance, web: Web): void {
  const { ctx } = web;

  /** Runs `work` for a signed-in user; POSTs must also carry the CSRF token. */
  const signedIn = async (
    request: FastifyRequest,
    reply: FastifyReply,
    work: (who: Visitor) => Promise<FastifyReply>,
  ): Promise<FastifyReply> => {
    if (request.method === "POST" && !csrfPasses(web, request)) {
      return sendPage(web, request, reply, "error", { code: "csrf_failed" }, { status: 403 });
    }
    const who = await signedInOf(web, request);
    if (!who) return seeOther(reply, "/sign-in");
    const roles = await listRolesOf(ctx.store.db, "user", who.user.id);
    return work({ ...who, isAdmin: roles.length > 0 });
  };
  const page = (who: Visitor) => ({
    tenantName: who.tenant.displayName,
    signedIn: true,
    isAdmin: who.isAdmin,
  });
  const back = (reply: FastifyReply, notice: SecurityInfoNotice) =>
    seeOther(reply, `/security-info?notice=${notice}`);

  app.get("/security-info", async (request, reply) =>
    signedIn(request, reply, async (who) => {
      const now = ctx.now();
      const [methods, backupCodesLeft, devices, sessions] = await Promise.all([
        listMethods(ctx.store.db, who.user.id),
        countUnusedBackupCodes(ctx.store.db, who.user.id),
        listRememberedDevices(ctx.store.db, who.user.id, now),
        listLiveSessions(ctx.store.db, who.user.id, now),
      ]);
      const query = request.query as Form;
      const notice = notices.find((n) => n === query.notice);
      return sendPage(
        web,
        request,
        reply,
        "security-info",
        {
          upn: who.user.upn,
          displayName: who.user.displayName,
          methods: methods.map((m) => ({
            id: m.id,
            label: m.label,
            kind: m.kind,
            state: m.state,
            isDefault: m.isDefault,
            failedAttempts: m.failedAttempts,
            maxAttempts: who.tenant.policy.lockoutThreshold,
            createdAt: m.createdAt,
            lastUsedAt: m.lastUsedAt,
          })),
          backupCodesLeft,
          devices: devices.map((d) => ({
            id: d.id,
            createdAt: d.createdAt,
            lastUsedAt: d.lastUsedAt,
            expiresAt: d.expiresAt,
            userAgent: d.userAgent,
          })),
          sessions: sessions
            .filter((s) => now - s.lastSeenAt <= who.tenant.policy.sessionIdleMinutes * 60_000)
            .map((s) => ({
              id: s.id,
              current: s.id === who.session.id,
              createdAt: s.createdAt,
              lastSeenAt: s.lastSeenAt,
              ip: s.ip,
              userAgent: s.userAgent,
            })),
          ...(notice ? { notice } : {}),
          ...(typeof query.error === "string" && /^[a-z_]{1,40}$/.test(query.error)
            ? { error: query.error }
            : {}),
        },
        page(who),
      );
    }),
  );

  app.get("/security-info/methods/new", async (request, reply) =>
    signedIn(request, reply, async (who) =>
      sendPage(
        web,
        request,
        reply,
        "enrol-app",
        { action: "/security-info/methods/new" },
        page(who),
      ),
    ),
  );

  app.post<{ Body: Form }>("/security-info/methods/new", async (request, reply) =>
    signedIn(request, reply, async (who) => {
      const label = String(request.body.label ?? "").slice(0, 100);
      try {
        const { method } = await enrolSoftwareOath(
          ctx,
          userActor(who.user, clientOf(request)),
          who.tenant,
          who.user,
          {
            label,
          },
        );
        return seeOther(reply, `/security-info/methods/${method.id}/qr`);
      } catch (error) {
        if (!isVarcoError(error, "invalid_label") && !isVarcoError(error, "method_limit_reached"))
          throw error;
        const code = error.code as "invalid_label" | "method_limit_reached";
        return sendPage(
          web,
          request,
          reply,
          "enrol-app",
          { action: "/security-info/methods/new", label, error: code },
          {
            ...page(who),
            status: 400,
          },
        );
      }
    }),
  );

  const showQr = async (
    request: FastifyRequest,
    reply: FastifyReply,
    who: Visitor,
    methodId: string,
    error?: "invalid_code",
  ) =>
    sendPage(
      web,
      request,
      reply,
      "enrol-qr",
      await enrolQrModel(ctx, who.tenant, who.user, {
        methodId,
        action: `/security-info/methods/${encodeURIComponent(methodId)}/activate`,
        pngUrl: `/security-info/methods/${encodeURIComponent(methodId)}/qr.png`,
        ...(error ? { error } : {}),
      }),
      { ...page(who), status: error ? 401 : 200 },
    );

  app.get<{ Params: Params }>("/security-info/methods/:id/qr", async (request, reply) =>
    signedIn(request, reply, (who) => showQr(request, reply, who, request.params.id)),
  );

  app.get<{ Params: Params }>("/security-info/methods/:id/qr.png", async (request, reply) =>
    signedIn(request, reply, async (who) =>
      reply
        .type("image/png")
        .header("cache-control", "no-store")
        .header("content-disposition", 'attachment; filename="varco-qr.png"')
        .send(await enrolQrPng(ctx, who.tenant, who.user, request.params.id)),
    ),
  );

  app.post<{ Params: Params; Body: Form }>(
    "/security-info/methods/:id/activate",
    async (request, reply) =>
      signedIn(request, reply, async (who) => {
        const actor = userActor(who.user, clientOf(request));
        try {
          await activateSoftwareOath(ctx, actor, who.tenant, who.user, {
            methodId: request.params.id,
            code: String(request.body.code ?? "")
              .trim()
              .slice(0, 64),
          });
        } catch (error) {
          if (isVarcoError(error, "invalid_code"))
            return showQr(request, reply, who, request.params.id, "invalid_code");
          throw error;
        }
        if ((await countUnusedBackupCodes(ctx.store.db, who.user.id)) === 0) {
          const codes = await regenerateBackupCodes(ctx, actor, who.user);
          return sendPage(
            web,
            request,
            reply,
            "backup-codes",
            { codes, continueUrl: "/security-info?notice=method_added" },
            page(who),
          );
        }
        return back(reply, "method_added");
      }),
  );

  app.post<{ Params: Params }>("/security-info/methods/:id/default", async (request, reply) =>
    signedIn(request, reply, async (who) => {
      await chooseDefaultMethod(
        ctx,
        userActor(who.user, clientOf(request)),
        who.user,
        request.params.id,
      );
      return back(reply, "default_changed");
    }),
  );

  app.post<{ Params: Params }>("/security-info/methods/:id/remove", async (request, reply) =>
    signedIn(request, reply, async (who) => {
      if (ctx.now() - who.session.authenticatedAt > recentAuthenticationMs) {
        return seeOther(reply, "/reauth?returnTo=%2Fsecurity-info");
      }
      await removeMethod(ctx, userActor(who.user, clientOf(request)), who.user, request.params.id);
      return back(reply, "method_removed");
    }),
  );

  app.post("/security-info/backup-codes", async (request, reply) =>
    signedIn(request, reply, async (who) => {
      const codes = await regenerateBackupCodes(
        ctx,
        userActor(who.user, clientOf(request)),
        who.user,
      );
      return sendPage(
        web,
        request,
        reply,
        "backup-codes",
        {
          codes,
          continueUrl: "/security-info?notice=backup_codes_regenerated",
        },
        page(who),
      );
    }),
  );

  app.post<{ Params: Params }>("/security-info/devices/:id/revoke", async (request, reply) =>
    signedIn(request, reply, async (who) => {
      await forgetDevices(ctx, userActor(who.user, clientOf(request)), who.user, request.params.id);
      return back(reply, "device_revoked");
    }),
  );

  app.post<{ Params: Params }>("/security-info/sessions/:id/revoke", async (request, reply) =>
    signedIn(request, reply, async (who) => {
      await revokeUserSessions(
        ctx,
        userActor(who.user, clientOf(request)),
        who.user,
        request.params.id,
      );
      return back(reply, "session_revoked");
    }),
  );

  app.post("/sign-out", async (request, reply) =>
    signedIn(request, reply, async (who) => {
      await revokeUserSessions(
        ctx,
        userActor(who.user, clientOf(request)),
        who.user,
        who.session.id,
      );
      clearCookie(web, reply, "varco_session");
      return seeOther(reply, "/sign-in?notice=signed_out");
    }),
  );

  app.post("/sign-out-everywhere", async (request, reply) =>
    signedIn(request, reply, async (who) => {
      await revokeUserSessions(ctx, userActor(who.user, clientOf(request)), who.user);
      clearCookie(web, reply, "varco_session");
      return seeOther(reply, "/sign-in?notice=signed_out");
    }),
  );

  const localPath = (value: unknown) =>
    typeof value === "string" && /^\/[A-Za-z0-9/_?=&%-]*$/.test(value) && !value.startsWith("//")
      ? value
      : "/security-info";

  app.get("/reauth", async (request, reply) =>
    signedIn(request, reply, async (who) =>
      sendPage(
        web,
        request,
        reply,
        "reauth",
        { returnTo: localPath((request.query as Form).returnTo) },
        page(who),
      ),
    ),
  );

  app.post<{ Body: Form }>("/reauth", async (request, reply) =>
    signedIn(request, reply, async (who) => {
      const returnTo = localPath(request.body.returnTo);
      const outcome = await confirmPassword(
        ctx,
        who,
        String(request.body.password ?? ""),
        clientOf(request),
      );
      const right = outcome === "confirmed";
      if (!right) {
        return sendPage(
          web,
          request,
          reply,
          "reauth",
          { returnTo, error: "invalid_credentials" },
          { ...page(who), status: outcome === "throttled" ? 429 : 401 },
        );
      }
      return seeOther(reply, returnTo);
    }),
  );
}
