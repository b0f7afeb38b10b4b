import type { FastifyReply, FastifyRequest } from "fastify";
import type { Tenant } from "../../directory/types.ts";
import { signInMachine } from "../../sign-in/sign-in-machine.ts";
import { passkeyRegistrationErrors, type SignInStep } from "../../sign-in/types.ts";
import type { PasskeyNewModel } from "../../web/passkey-page-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { optionalText, pageForm, pageQuery } from "./page-contracts.ts";
import { respondToStep, stepPages } from "./respond-to-step.ts";
import { type TenantPage, tenantPageOf } from "./tenant-page.ts";
import { clientOf, readCookie, seeOther, sendPage, type Web } from "./web-context.ts";
import { attestationOf, WebauthnAnswer } from "./webauthn-answer.ts";

const NewPasskeyForm = pageForm({ response: WebauthnAnswer, name: optionalText(64) });
const ErrorQuery = pageQuery({ error: optionalText(40) });

type RegisterStep = Extract<SignInStep, { kind: "register" }>;
type Registering = { tenant: Tenant; step: RegisterStep; page: TenantPage };

const pageError = (code: string | undefined): PasskeyNewModel["error"] =>
  passkeyRegistrationErrors.find((known) => known === code);

/**
 * Registration's "Passkey or security key" ("Metodo N di M", seed 000): offered next to the app
 * (and the phone) when the tenant allows keys, the only choice when it requires them. The
 * browser creates the key for the options `/api/v1/sign-in/passkey/options` gives (bound to the
 * pending sign-in); the form brings its answer to the `passkeyRegistration` event.
 */
export function registerPasskeyRegistrationRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const pendingToken = (request: FastifyRequest) => readCookie(web, request, "varco_pending");

  /** Runs `work` while the sign-in stands at registration and offers a key; else where it is. */
  const withPasskeyRegistration = async (
    request: FastifyRequest,
    reply: FastifyReply,
    work: (at: Registering) => Promise<FastifyReply>,
  ): Promise<FastifyReply> => {
    const client = clientOf(request);
    const { step, tenant } = await signInMachine.current(ctx, pendingToken(request), client);
    if (step.kind === "register" && tenant) {
      if (!step.passkeyOffered) return seeOther(reply, stepPages.register);
      return work({ tenant, step, page: await tenantPageOf(web, tenant) });
    }
    if (step.kind in stepPages)
      return seeOther(reply, stepPages[step.kind as keyof typeof stepPages]);
    return respondToStep(web, request, reply, tenant, step);
  };

  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    { step, page }: Registering,
    shown: { name?: string; error?: PasskeyNewModel["error"] } = {},
  ) => {
    const required = step.passkeyRequired === true;
    return sendPage(
      web,
      request,
      reply,
      "passkey-new",
      {
        action: "/sign-in/register/passkey",
        optionsUrl: "/api/v1/sign-in/passkey/options",
        optionsFields: "",
        step: step.registered + 1,
        total: step.required,
        ...(required ? { required } : { appInstead: true }),
        ...(step.phoneOffered && !required ? { phoneInstead: true } : {}),
        ...(shown.name ? { name: shown.name } : {}),
        ...(shown.error ? { error: shown.error } : {}),
      },
      { ...page, status: shown.error ? 400 : 200 },
    );
  };

  app.get(
    "/sign-in/register/passkey",
    { schema: { querystring: ErrorQuery } },
    async (request, reply) =>
      withPasskeyRegistration(request, reply, async (at) => {
        const error = pageError(request.query.error);
        return show(request, reply, at, error ? { error } : {});
      }),
  );

  app.post(
    "/sign-in/register/passkey",
    { schema: { body: NewPasskeyForm } },
    async (request, reply) =>
      withPasskeyRegistration(request, reply, async (at) => {
        const name = request.body.name ?? "";
        const response = attestationOf(request.body.response);
        if (!response)
          return show(request, reply, at, { name, error: "invalid_webauthn_response" });
        const { step, tenant } = await signInMachine.advance(ctx, {
          event: { type: "passkeyRegistration", response, name },
          client: clientOf(request),
          channel: "pages",
          pendingToken: pendingToken(request),
        });
        const error = step.kind === "register" ? pageError(step.error) : undefined;
        if (step.kind === "register" && error && tenant)
          return show(request, reply, { tenant, step, page: at.page }, { name, error });
        return respondToStep(web, request, reply, tenant, step);
      }),
  );
}
