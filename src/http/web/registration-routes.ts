import type { FastifyReply, FastifyRequest } from "fastify";
import type { Tenant, User } from "../../directory/types.ts";
import { enrolDuringSignIn } from "../../sign-in/enrol-during-sign-in.ts";
import { signInMachine } from "../../sign-in/sign-in-machine.ts";
import type { SignInStep } from "../../sign-in/types.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { enrolQrModel, enrolQrPng, refusedEnrolment } from "./enrolment-views.ts";
import { pageForm, pageQuery, text } from "./page-contracts.ts";
import { respondToStep, stepPages } from "./respond-to-step.ts";
import { type TenantPage, tenantPageOf } from "./tenant-page.ts";
import { clientOf, languageOf, readCookie, seeOther, sendPage, type Web } from "./web-context.ts";

const LabelForm = pageForm({ label: text(100) });
const ActivateForm = pageForm({ methodId: text(64), code: text(64) });
const MethodQuery = pageQuery({ method: text(64) });
const PostponeForm = pageForm({});
type Registering = {
  tenant: Tenant;
  user: User;
  step: Extract<SignInStep, { kind: "register" }>;
  /** The tenant's name, time zone and branding, for the layout. */
  page: TenantPage;
};

/** "Proteggi l'account", method N of M: registration before the first session (seed 000). */
export function registerRegistrationRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const pendingToken = (request: FastifyRequest) => readCookie(web, request, "varco_pending");

  /** Runs `work` while the sign-in stands at registration; else shows where it stands. */
  const withRegistration = async (
    request: FastifyRequest,
    reply: FastifyReply,
    work: (at: Registering) => Promise<FastifyReply>,
  ): Promise<FastifyReply> => {
    const client = clientOf(request);
    const at = await signInMachine.registering(ctx, pendingToken(request), client);
    if (at) return work({ ...at, page: await tenantPageOf(web, at.tenant) });
    const { step, tenant } = await signInMachine.current(ctx, pendingToken(request), client);
    if (step.kind in stepPages)
      return seeOther(reply, stepPages[step.kind as keyof typeof stepPages]);
    return respondToStep(web, request, reply, tenant, step);
  };
  const progress = ({ step }: Registering) => ({ step: step.registered + 1, total: step.required });
  const afterPass = ({ step }: Registering) => (step.afterPass ? { afterPass: true } : {});

  app.get("/sign-in/register", async (request, reply) =>
    withRegistration(request, reply, async (at) => {
      // Seed 000: after the app, "Metodo 2 di 2" is the phone (another app is a link away).
      if (at.step.registered >= 1 && at.step.phoneOffered)
        return seeOther(reply, "/sign-in/register/phone");
      return sendPage(
        web,
        request,
        reply,
        "register-intro",
        {
          ...progress(at),
          ...afterPass(at),
          ...(at.step.phoneOffered ? { phoneOffered: true } : {}),
          ...(at.step.passkeyOffered ? { passkeyOffered: true } : {}),
          ...(at.step.passkeyRequired ? { passkeyRequired: true } : {}),
          ...(at.step.postpone ? { postpone: at.step.postpone } : {}),
        },
        at.page,
      );
    }),
  );

  app.post(
    "/sign-in/register/start",
    { schema: { body: pageForm({}) } },
    async (_request, reply) => {
      return seeOther(reply, "/sign-in/register/app");
    },
  );

  app.get("/sign-in/register/app", async (request, reply) =>
    withRegistration(request, reply, async (at) =>
      sendPage(
        web,
        request,
        reply,
        "enrol-app",
        { action: "/sign-in/register/app", ...progress(at) },
        at.page,
      ),
    ),
  );

  app.post("/sign-in/register/app", { schema: { body: LabelForm } }, async (request, reply) => {
    return withRegistration(request, reply, async (at) => {
      const { label } = request.body;
      try {
        const enrolment = await enrolDuringSignIn(ctx, {
          pendingToken: pendingToken(request),
          label,
          client: clientOf(request),
        });
        return seeOther(reply, `/sign-in/register/qr?method=${enrolment.method.id}`);
      } catch (error) {
        const refused = refusedEnrolment(error, label);
        if (!refused) throw error;
        return sendPage(
          web,
          request,
          reply,
          "enrol-app",
          { action: "/sign-in/register/app", label, ...refused, ...progress(at) },
          { status: 400, ...at.page },
        );
      }
    });
  });

  const showQr = (
    request: FastifyRequest,
    reply: FastifyReply,
    at: Registering,
    methodId: string,
    error?: "invalid_code",
  ) =>
    enrolQrModel(ctx, at.tenant, at.user, {
      methodId,
      action: "/sign-in/register/activate",
      pngUrl: `/sign-in/register/qr.png?method=${encodeURIComponent(methodId)}`,
      ...progress(at),
      ...(error ? { error } : {}),
    }).then((model) =>
      sendPage(web, request, reply, "enrol-qr", model, {
        status: error ? 401 : 200,
        ...at.page,
      }),
    );

  app.get(
    "/sign-in/register/qr",
    { schema: { querystring: MethodQuery } },
    async (request, reply) =>
      withRegistration(request, reply, (at) => showQr(request, reply, at, request.query.method)),
  );

  app.get(
    "/sign-in/register/qr.png",
    { schema: { querystring: MethodQuery } },
    async (request, reply) =>
      withRegistration(request, reply, async (at) => {
        const png = await enrolQrPng(ctx, at.tenant, at.user, request.query.method);
        return reply
          .type("image/png")
          .header("cache-control", "no-store")
          .header("content-disposition", 'attachment; filename="varco-qr.png"')
          .send(png);
      }),
  );

  // "Not now, remind me later": an event of the sign-in, allowed while a campaign runs.
  app.post(
    "/sign-in/register/postpone",
    { schema: { body: PostponeForm } },
    async (request, reply) => {
      const { step, tenant } = await signInMachine.advance(ctx, {
        event: { type: "postponeRegistration", language: languageOf(web, request, reply) },
        client: clientOf(request),
        channel: "pages",
        pendingToken: pendingToken(request),
      });
      return respondToStep(web, request, reply, tenant, step);
    },
  );

  app.post(
    "/sign-in/register/activate",
    { schema: { body: ActivateForm } },
    async (request, reply) => {
      const { methodId, code } = request.body;
      const { step, tenant } = await signInMachine.advance(ctx, {
        event: { type: "registration", methodId, code: code.trim() },
        client: clientOf(request),
        channel: "pages",
        pendingToken: pendingToken(request),
      });
      if (step.kind === "register" && step.error) {
        return withRegistration(request, reply, (at) =>
          showQr(request, reply, at, methodId, "invalid_code"),
        );
      }
      return respondToStep(web, request, reply, tenant, step);
    },
  );
}
