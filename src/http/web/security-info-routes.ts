import type { FastifyReply, FastifyRequest } from "fastify";
import { isVarcoError } from "../../errors/varco-error.ts";
import { regenerateBackupCodes } from "../../methods/backup-codes/regenerate.ts";
import { chooseDefault } from "../../methods/choose-default.ts";
import { noPhoneUse, phoneUseFor } from "../../methods/phone/phone-use.ts";
import { removeMethod } from "../../methods/remove-method.ts";
import { chooseDefaultMethod } from "../../methods/set-default-method.ts";
import { activateSoftwareOath } from "../../methods/software-oath/activate.ts";
import { enrolSoftwareOath } from "../../methods/software-oath/enrol.ts";
import { resetRegistrationOf } from "../../password-reset/reset-registration.ts";
import { forgetDevices } from "../../remembered-devices/forget-devices.ts";
import { revokeUserSessions } from "../../sessions/revoke-sessions.ts";
import { userActor } from "../../sign-in/user-actor.ts";
import { countUnusedBackupCodes } from "../../store/queries/backup-codes.ts";
import { listMethods } from "../../store/queries/methods.ts";
import { listPhoneMethods } from "../../store/queries/phone-methods.ts";
import { listRememberedDevices } from "../../store/queries/remembered-devices.ts";
import { listLiveSessions } from "../../store/queries/sessions.ts";
import { appPasswordsSection } from "../../web/app-passwords-section.ts";
import { defaultMethodSection } from "../../web/default-method-section.ts";
import { ownEmailMethodSection } from "../../web/email-method-section.ts";
import type { SecurityInfoNotice } from "../../web/page-models.ts";
import { passkeysSection } from "../../web/passkeys-section.ts";
import { phonesSection } from "../../web/phones-section.ts";
import { securityQuestionsSection } from "../../web/security-questions-section.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { enrolQrModel, enrolQrPng, refusedEnrolment } from "./enrolment-views.ts";
import { otherAccountsOf } from "./other-accounts.ts";
import { IdParams, optionalText, pageForm, pageQuery, text } from "./page-contracts.ts";
import { type Visitor, visitorPage, withProvenVisitor, withVisitor } from "./visitor.ts";
import {
  clearCookie,
  clientOf,
  seeOther,
  sendPage,
  signInPathOf,
  type Web,
} from "./web-context.ts";

const NoticeQuery = pageQuery({ notice: optionalText(40), error: optionalText(40) });
const LabelForm = pageForm({ label: text(100) });
const CodeForm = pageForm({ code: text(64), methodId: optionalText(64) });
const NoFields = pageForm({});
const DefaultMethodForm = pageForm({ method: text(64) });

const notices: readonly SecurityInfoNotice[] = [
  "method_added",
  "method_removed",
  "default_changed",
  "device_revoked",
  "session_revoked",
  "backup_codes_regenerated",
  "phone_added",
  "phone_changed",
  "phone_removed",
  "passkey_added",
  "passkey_renamed",
  "passkey_removed",
  "password_changed",
  "email_added",
  "email_changed",
  "email_removed",
  "security_questions_registered",
  "security_questions_removed",
  "app_password_created",
  "app_password_removed",
];

/** The security info page (seed 004 "Autenticazione OTP"): methods, backup codes, devices, sessions. */
export function registerSecurityInfoRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  const signedIn = (
    request: FastifyRequest,
    reply: FastifyReply,
    work: (who: Visitor) => Promise<FastifyReply>,
  ) => withVisitor(web, request, reply, work);
  const page = visitorPage;
  const back = (reply: FastifyReply, notice: SecurityInfoNotice) =>
    seeOther(reply, `/security-info?notice=${notice}`);

  app.get("/security-info", { schema: { querystring: NoticeQuery } }, async (request, reply) =>
    signedIn(request, reply, async (who) => {
      const now = ctx.now();
      const [methods, backupCodesLeft, devices, sessions, phones] = await Promise.all([
        listMethods(ctx.store.db, who.user.id),
        countUnusedBackupCodes(ctx.store.db, who.user.id),
        listRememberedDevices(ctx.store.db, who.user.id, now),
        listLiveSessions(ctx.store.db, who.user.id, now),
        listPhoneMethods(ctx.store.db, who.user.id),
      ]);
      const query = request.query;
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
          ...(await passkeysSection(ctx, who)),
          ...(await appPasswordsSection(ctx, who)),
          ...phonesSection(phones, {
            phoneBase: "/security-info/phones",
            canChangePhones: true,
            phonesForAdmin: false,
          }),
          ...(await ownEmailMethodSection(ctx, who.tenant.id, who.user.id)),
          ...defaultMethodSection({
            methods,
            phones,
            preferred: who.user.preferredPhoneMethod,
            // Read only for a user with a phone: an app-only user's page costs no extra query.
            phoneUse:
              phones.length > 0 ? await phoneUseFor(ctx, who.tenant.id, who.user.id) : noPhoneUse,
            action: "/security-info/default-method",
            forAdmin: false,
          }),
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
          ...(who.session.mfa === "temporaryAccessPass" ? { signedInWithPass: true } : {}),
          canChangePassword: true,
          passwordReset: await resetRegistrationOf(ctx, who.tenant, who.user),
          ...(who.tenant.hasDirectory ? {} : { canChangePassword: true }),
          ...(await securityQuestionsSection(ctx, who, who.isAdmin)),
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
    withProvenVisitor(web, request, reply, "/security-info/methods/new", async (who) =>
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

  app.post("/security-info/methods/new", { schema: { body: LabelForm } }, async (request, reply) =>
    withProvenVisitor(web, request, reply, "/security-info/methods/new", async (who) => {
      const { label } = request.body;
      try {
        const { method } = await enrolSoftwareOath(
          ctx,
          userActor(who.user, clientOf(request)),
          who.tenant,
          who.user,
          { label },
        );
        return seeOther(reply, `/security-info/methods/${method.id}/qr`);
      } catch (error) {
        const refused = refusedEnrolment(error, label);
        if (!refused) throw error;
        return sendPage(
          web,
          request,
          reply,
          "enrol-app",
          { action: "/security-info/methods/new", label, ...refused },
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

  app.get(
    "/security-info/methods/:id/qr",
    { schema: { params: IdParams } },
    async (request, reply) =>
      withProvenVisitor(web, request, reply, "/security-info", (who) =>
        showQr(request, reply, who, request.params.id),
      ),
  );

  app.get(
    "/security-info/methods/:id/qr.png",
    { schema: { params: IdParams } },
    async (request, reply) =>
      withProvenVisitor(web, request, reply, "/security-info", async (who) =>
        reply
          .type("image/png")
          .header("cache-control", "no-store")
          .header("content-disposition", 'attachment; filename="varco-qr.png"')
          .send(await enrolQrPng(ctx, who.tenant, who.user, request.params.id)),
      ),
  );

  app.post(
    "/security-info/methods/:id/activate",
    { schema: { params: IdParams, body: CodeForm } },
    async (request, reply) =>
      withProvenVisitor(web, request, reply, "/security-info", async (who) => {
        const actor = userActor(who.user, clientOf(request));
        try {
          await activateSoftwareOath(ctx, actor, who.tenant, who.user, {
            methodId: request.params.id,
            code: request.body.code.trim(),
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

  app.post(
    "/security-info/methods/:id/default",
    { schema: { params: IdParams, body: NoFields } },
    async (request, reply) =>
      withProvenVisitor(web, request, reply, "/security-info", async (who) => {
        await chooseDefaultMethod(
          ctx,
          userActor(who.user, clientOf(request)),
          who.user,
          request.params.id,
        );
        return back(reply, "default_changed");
      }),
  );

  // Seed 004 "Metodo di accesso predefinito": an app by its id, or a phone as `sms:`/`voice:`.
  app.post(
    "/security-info/default-method",
    { schema: { body: DefaultMethodForm } },
    async (request, reply) =>
      withProvenVisitor(web, request, reply, "/security-info", async (who) => {
        try {
          await chooseDefault(
            ctx,
            userActor(who.user, clientOf(request)),
            who.user,
            request.body.method,
          );
        } catch (error) {
          if (!isVarcoError(error) || error.status >= 500) throw error;
          return seeOther(reply, `/security-info?error=${error.code}`);
        }
        return back(reply, "default_changed");
      }),
  );

  app.post(
    "/security-info/methods/:id/remove",
    { schema: { params: IdParams, body: NoFields } },
    async (request, reply) =>
      withProvenVisitor(web, request, reply, "/security-info", async (who) => {
        await removeMethod(
          ctx,
          userActor(who.user, clientOf(request)),
          who.user,
          request.params.id,
        );
        return back(reply, "method_removed");
      }),
  );

  app.post("/security-info/backup-codes", { schema: { body: NoFields } }, async (request, reply) =>
    withProvenVisitor(web, request, reply, "/security-info", async (who) => {
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

  app.post(
    "/security-info/devices/:id/revoke",
    { schema: { params: IdParams, body: NoFields } },
    async (request, reply) =>
      signedIn(request, reply, async (who) => {
        await forgetDevices(
          ctx,
          userActor(who.user, clientOf(request)),
          who.user,
          request.params.id,
        );
        return back(reply, "device_revoked");
      }),
  );

  app.post(
    "/security-info/sessions/:id/revoke",
    { schema: { params: IdParams, body: NoFields } },
    async (request, reply) =>
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

  app.post("/sign-out", { schema: { body: NoFields } }, async (request, reply) =>
    signedIn(request, reply, async (who) => {
      await revokeUserSessions(
        ctx,
        userActor(who.user, clientOf(request)),
        who.user,
        who.session.id,
      );
      clearCookie(web, reply, "varco_session");
      // The browser's other accounts stay signed in: the picker offers them.
      if ((await otherAccountsOf(web, request, reply, undefined)).length > 0)
        return seeOther(reply, "/accounts?notice=signed_out");
      return seeOther(reply, `${signInPathOf(who.tenant.name)}?notice=signed_out`);
    }),
  );

  app.post("/sign-out-everywhere", { schema: { body: NoFields } }, async (request, reply) =>
    signedIn(request, reply, async (who) => {
      await revokeUserSessions(ctx, userActor(who.user, clientOf(request)), who.user);
      clearCookie(web, reply, "varco_session");
      if ((await otherAccountsOf(web, request, reply, undefined)).length > 0)
        return seeOther(reply, "/accounts?notice=signed_out");
      return seeOther(reply, `${signInPathOf(who.tenant.name)}?notice=signed_out`);
    }),
  );
}
