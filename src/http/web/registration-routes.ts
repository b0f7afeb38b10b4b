import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isVarcoError } from "../../errors/varco-error.ts";
import type { LoadedSignIn } from "../../sign-in/pending-sign-in.ts";
import {
  beginRegistrationEnrolment,
  completeRegistrationEnrolment,
  loadRegistration,
} from "../../sign-in/register-during-sign-in.ts";
import { enrolQrModel, enrolQrPng } from "./enrolment-views.ts";
import { respondToStep } from "./respond-to-step.ts";
import { clientOf, csrfPasses, readCookie, seeOther, sendPage, type Web } from "./web-context.ts";

type Form = Record<string, string | undefined>;

/** "Proteggi l'account", method N of M: registration before the first session (seed 000). */
export function registerRegistrationRoutes(app: FastifyInstance, web: Web): void {
  const pendingToken = (request: FastifyRequest) => readCookie(web, request, "varco_pending");

  const withRegistration = async (
    request: FastifyRequest,
    reply: FastifyReply,
    work: (loaded: LoadedSignIn) => Promise<FastifyReply>,
  ): Promise<FastifyReply> => {
    let loaded: LoadedSignIn;
    try {
      loaded = await loadRegistration(web.ctx, pendingToken(request));
    } catch (error) {
      if (!isVarcoError(error, "sign_in_expired")) throw error;
      return sendPage(web, request, reply, "sign-in", { error: "expired" }, { status: 401 });
    }
    return work(loaded);
  };
  const progress = (loaded: LoadedSignIn) => ({
    step: loaded.registered + 1,
    total: loaded.tenant.policy.requiredMethodCount,
  });

  app.get("/sign-in/register", async (request, reply) =>
    withRegistration(request, reply, async (loaded) =>
      sendPage(web, request, reply, "register-intro", progress(loaded), {
        tenantName: loaded.tenant.displayName,
      }),
    ),
  );

  app.post<{ Body: Form }>("/sign-in/register/start", async (request, reply) => {
    if (!csrfPasses(web, request))
      return sendPage(web, request, reply, "error", { code: "csrf_failed" }, { status: 403 });
    return seeOther(reply, "/sign-in/register/app");
  });

  app.get("/sign-in/register/app", async (request, reply) =>
    withRegistration(request, reply, async (loaded) =>
      sendPage(
        web,
        request,
        reply,
        "enrol-app",
        { action: "/sign-in/register/app", ...progress(loaded) },
        {
          tenantName: loaded.tenant.displayName,
        },
      ),
    ),
  );

  app.post<{ Body: Form }>("/sign-in/register/app", async (request, reply) => {
    if (!csrfPasses(web, request))
      return sendPage(web, request, reply, "error", { code: "csrf_failed" }, { status: 403 });
    return withRegistration(request, reply, async (loaded) => {
      const label = String(request.body.label ?? "").slice(0, 100);
      try {
        const enrolment = await beginRegistrationEnrolment(web.ctx, {
          pendingToken: pendingToken(request),
          label,
          client: clientOf(request),
        });
        return seeOther(reply, `/sign-in/register/qr?method=${enrolment.method.id}`);
      } catch (error) {
        if (!isVarcoError(error, "invalid_label") && !isVarcoError(error, "method_limit_reached"))
          throw error;
        return sendPage(
          web,
          request,
          reply,
          "enrol-app",
          {
            action: "/sign-in/register/app",
            label,
            error: error.code as "invalid_label" | "method_limit_reached",
            ...progress(loaded),
          },
          { status: 400, tenantName: loaded.tenant.displayName },
        );
      }
    });
  });

  const showQr = (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: LoadedSignIn,
    methodId: string,
    error?: "invalid_code",
  ) =>
    enrolQrModel(web.ctx, loaded.tenant, loaded.user, {
      methodId,
      action: "/sign-in/register/activate",
      pngUrl: `/sign-in/register/qr.png?method=${encodeURIComponent(methodId)}`,
      ...progress(loaded),
      ...(error ? { error } : {}),
    }).then((model) =>
      sendPage(web, request, reply, "enrol-qr", model, {
        status: error ? 401 : 200,
        tenantName: loaded.tenant.displayName,
      }),
    );

  app.get("/sign-in/register/qr", async (request, reply) =>
    withRegistration(request, reply, (loaded) =>
      showQr(request, reply, loaded, String((request.query as Form).method ?? "")),
    ),
  );

  app.get("/sign-in/register/qr.png", async (request, reply) =>
    withRegistration(request, reply, async (loaded) => {
      const png = await enrolQrPng(
        web.ctx,
        loaded.tenant,
        loaded.user,
        String((request.query as Form).method ?? ""),
      );
      return reply
        .type("image/png")
        .header("cache-control", "no-store")
        .header("content-disposition", 'attachment; filename="varco-qr.png"')
        .send(png);
    }),
  );

  app.post<{ Body: Form }>("/sign-in/register/activate", async (request, reply) => {
    if (!csrfPasses(web, request))
      return sendPage(web, request, reply, "error", { code: "csrf_failed" }, { status: 403 });
    return withRegistration(request, reply, async (loaded) => {
      const methodId = String(request.body.methodId ?? "").slice(0, 64);
      try {
        const step = await completeRegistrationEnrolment(web.ctx, {
          pendingToken: pendingToken(request),
          methodId,
          code: String(request.body.code ?? "")
            .trim()
            .slice(0, 64),
          client: clientOf(request),
        });
        return respondToStep(web, request, reply, loaded.tenant, step);
      } catch (error) {
        if (isVarcoError(error, "invalid_code"))
          return showQr(request, reply, loaded, methodId, "invalid_code");
        if (isVarcoError(error, "sign_in_expired")) {
          return sendPage(web, request, reply, "sign-in", { error: "expired" }, { status: 401 });
        }
        throw error;
      }
    });
  });
}
