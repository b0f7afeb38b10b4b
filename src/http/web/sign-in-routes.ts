import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isVarcoError } from "../../errors/varco-error.ts";
import { reportSuspiciousActivity } from "../../risk/report-suspicious-activity.ts";
import { completePasswordChange } from "../../sign-in/change-password-during-sign-in.ts";
import { type LoadedSignIn, loadPendingSignIn } from "../../sign-in/pending-sign-in.ts";
import { startSignIn } from "../../sign-in/start-sign-in.ts";
import { startTapSignIn } from "../../sign-in/start-tap-sign-in.ts";
import { submitSecondFactor } from "../../sign-in/submit-second-factor.ts";
import { respondToStep } from "./respond-to-step.ts";
import {
  clearCookie,
  clientOf,
  csrfPasses,
  readCookie,
  seeOther,
  sendPage,
  signedInOf,
  tenantOf,
  type Web,
} from "./web-context.ts";

type Form = Record<string, string | undefined>;

const text = (value: unknown, max = 1024): string =>
  typeof value === "string" ? value.slice(0, max) : "";

/** Seed 000 and 004: user name and password, then the code of the OTP entry the user picks. */
export function registerSignInRoutes(app: FastifyInstance, web: Web): void {
  const csrfFailed = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(web, request, reply, "error", { code: "csrf_failed" }, { status: 403 });

  app.get("/", async (_request, reply) => seeOther(reply, "/security-info"));

  app.get("/sign-in", async (request, reply) => {
    const tenant = await tenantOf(web, request);
    if (!tenant)
      return sendPage(web, request, reply, "error", { code: "not_found" }, { status: 404 });
    if (await signedInOf(web, request)) return seeOther(reply, "/security-info");
    const notice = (request.query as Form).notice === "signed_out" ? "signed_out" : undefined;
    return sendPage(
      web,
      request,
      reply,
      "sign-in",
      { tenant: tenant.name, ...(notice ? { error: notice } : {}) },
      {
        tenantName: tenant.displayName,
      },
    );
  });

  app.post<{ Body: Form }>("/sign-in", async (request, reply) => {
    if (!csrfPasses(web, request)) return csrfFailed(request, reply);
    const tenant = await tenantOf(web, request);
    if (!tenant)
      return sendPage(web, request, reply, "error", { code: "not_found" }, { status: 404 });
    const upn = text(request.body.upn, 256);
    const step = await startSignIn(web.ctx, {
      tenant,
      upn,
      password: text(request.body.password),
      rememberedDeviceToken: readCookie(web, request, "varco_device") ?? null,
      client: clientOf(request),
    });
    return respondToStep(web, request, reply, tenant, step, { page: "sign-in", upn });
  });

  // Seed 003: a Temporary Access Pass from the helpdesk, in place of password and code.
  app.get("/sign-in/tap", async (request, reply) => {
    const tenant = await tenantOf(web, request);
    if (!tenant)
      return sendPage(web, request, reply, "error", { code: "not_found" }, { status: 404 });
    return sendPage(
      web,
      request,
      reply,
      "tap-sign-in",
      { tenant: tenant.name },
      { tenantName: tenant.displayName },
    );
  });

  app.post<{ Body: Form }>("/sign-in/tap", async (request, reply) => {
    if (!csrfPasses(web, request)) return csrfFailed(request, reply);
    const tenant = await tenantOf(web, request);
    if (!tenant)
      return sendPage(web, request, reply, "error", { code: "not_found" }, { status: 404 });
    const upn = text(request.body.upn, 256);
    const step = await startTapSignIn(web.ctx, {
      tenant,
      upn,
      pass: text(request.body.pass, 64),
      client: clientOf(request),
    });
    return respondToStep(web, request, reply, tenant, step, { page: "tap-sign-in", upn });
  });

  const withPending = async (
    request: FastifyRequest,
    reply: FastifyReply,
    show: (loaded: LoadedSignIn) => FastifyReply,
  ): Promise<FastifyReply> => {
    const loaded = await loadPendingSignIn(web.ctx, readCookie(web, request, "varco_pending"));
    if (!loaded)
      return sendPage(web, request, reply, "sign-in", { error: "expired" }, { status: 401 });
    if (loaded.pending.stage === "register") return seeOther(reply, "/sign-in/register");
    return show(loaded);
  };

  app.get("/sign-in/verify", async (request, reply) =>
    withPending(request, reply, ({ tenant, methods, backupCodesLeft }) => {
      const query = request.query as Form;
      const chosen = methods.find((m) => m.id === query.method) ?? methods[0];
      return sendPage(
        web,
        request,
        reply,
        "verify",
        {
          methods: methods.map((m) => ({
            id: m.id,
            label: m.label,
            isDefault: m.isDefault,
            failedAttempts: m.failedAttempts,
            maxAttempts: tenant.policy.lockoutThreshold,
            digits: m.digits,
          })),
          selectedMethodId: chosen?.id ?? "",
          rememberDeviceDays:
            tenant.policy.rememberDeviceDays > 0 ? tenant.policy.rememberDeviceDays : null,
          backupCodesLeft,
          canReport: tenant.policy.reportSuspiciousActivity,
          ...(query.error === "invalid_code" ? { error: "invalid_code" as const } : {}),
        },
        { status: query.error === "invalid_code" ? 401 : 200, tenantName: tenant.displayName },
      );
    }),
  );

  app.post<{ Body: Form }>("/sign-in/verify", async (request, reply) => {
    if (!csrfPasses(web, request)) return csrfFailed(request, reply);
    const loaded = await loadPendingSignIn(web.ctx, readCookie(web, request, "varco_pending"));
    if (!loaded)
      return sendPage(web, request, reply, "sign-in", { error: "expired" }, { status: 401 });
    const step = await submitSecondFactor(web.ctx, {
      pendingToken: readCookie(web, request, "varco_pending"),
      proof: {
        kind: "code",
        code: text(request.body.code, 64).trim(),
        methodId: text(request.body.methodId, 64) || undefined,
      },
      rememberThisDevice: request.body.remember === "on" || request.body.remember === "1",
      client: clientOf(request),
    });
    if (step.kind === "second_factor" && step.error) {
      return seeOther(
        reply,
        `/sign-in/verify?error=invalid_code&method=${encodeURIComponent(text(request.body.methodId, 64))}`,
      );
    }
    return respondToStep(web, request, reply, loaded.tenant, step);
  });

  // Seed 001 "Segnala attività sospette": "I didn't try to sign in", from the code prompt.
  app.post("/sign-in/report", async (request, reply) => {
    if (!csrfPasses(web, request)) return csrfFailed(request, reply);
    const loaded = await loadPendingSignIn(web.ctx, readCookie(web, request, "varco_pending"));
    if (!loaded)
      return sendPage(web, request, reply, "sign-in", { error: "expired" }, { status: 401 });
    const report = await reportSuspiciousActivity(web.ctx, web.ctx.mail, {
      pendingToken: readCookie(web, request, "varco_pending"),
      client: clientOf(request),
    });
    if (report.mailError)
      request.log.error({ err: report.mailError }, "fraud notification not sent");
    clearCookie(web, reply, "varco_pending");
    if (!report.reported)
      return sendPage(web, request, reply, "sign-in", { error: "expired" }, { status: 401 });
    return sendPage(
      web,
      request,
      reply,
      "fraud-reported",
      {
        action: loaded.tenant.policy.highRiskAction,
        helpdeskContact: loaded.tenant.policy.helpdeskContact,
      },
      { tenantName: loaded.tenant.displayName },
    );
  });

  app.get("/sign-in/change-password", async (request, reply) => {
    const loaded = await loadPendingSignIn(web.ctx, readCookie(web, request, "varco_pending"));
    if (loaded?.pending.stage !== "password")
      return sendPage(web, request, reply, "sign-in", { error: "expired" }, { status: 401 });
    return sendPage(
      web,
      request,
      reply,
      "change-password",
      {},
      { tenantName: loaded.tenant.displayName },
    );
  });

  app.post<{ Body: Form }>("/sign-in/change-password", async (request, reply) => {
    if (!csrfPasses(web, request)) return csrfFailed(request, reply);
    const loaded = await loadPendingSignIn(web.ctx, readCookie(web, request, "varco_pending"));
    if (loaded?.pending.stage !== "password")
      return sendPage(web, request, reply, "sign-in", { error: "expired" }, { status: 401 });
    try {
      const step = await completePasswordChange(web.ctx, {
        pendingToken: readCookie(web, request, "varco_pending"),
        newPassword: text(request.body.newPassword),
        client: clientOf(request),
      });
      return respondToStep(web, request, reply, loaded.tenant, step);
    } catch (error) {
      if (!isVarcoError(error, "invalid_password")) throw error;
      return sendPage(
        web,
        request,
        reply,
        "change-password",
        { error: "invalid_password" },
        { status: 400, tenantName: loaded.tenant.displayName },
      );
    }
  });

  app.get("/sign-in/other", async (request, reply) =>
    withPending(request, reply, ({ tenant, backupCodesLeft }) =>
      sendPage(
        web,
        request,
        reply,
        "other-ways",
        { backupCodesLeft, helpdeskContact: tenant.policy.helpdeskContact },
        { tenantName: tenant.displayName },
      ),
    ),
  );

  app.get("/sign-in/backup-code", async (request, reply) =>
    withPending(request, reply, ({ tenant }) => {
      const error =
        (request.query as Form).error === "invalid_code" ? { error: "invalid_code" as const } : {};
      const days = tenant.policy.rememberDeviceDays;
      return sendPage(
        web,
        request,
        reply,
        "backup-code",
        { rememberDeviceDays: days > 0 ? days : null, ...error },
        {
          status: "error" in error ? 401 : 200,
          tenantName: tenant.displayName,
        },
      );
    }),
  );

  app.post<{ Body: Form }>("/sign-in/backup-code", async (request, reply) => {
    if (!csrfPasses(web, request)) return csrfFailed(request, reply);
    const loaded = await loadPendingSignIn(web.ctx, readCookie(web, request, "varco_pending"));
    if (!loaded)
      return sendPage(web, request, reply, "sign-in", { error: "expired" }, { status: 401 });
    const step = await submitSecondFactor(web.ctx, {
      pendingToken: readCookie(web, request, "varco_pending"),
      proof: { kind: "backupCode", code: text(request.body.code, 64) },
      rememberThisDevice: request.body.remember === "on" || request.body.remember === "1",
      client: clientOf(request),
    });
    if (step.kind === "second_factor" && step.error)
      return seeOther(reply, "/sign-in/backup-code?error=invalid_code");
    return respondToStep(web, request, reply, loaded.tenant, step);
  });
}
