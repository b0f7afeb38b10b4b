import type { FastifyReply, FastifyRequest } from "fastify";
import type { Tenant } from "../../directory/types.ts";
import { readPhoneSettings } from "../../phone-settings/read-phone-settings.ts";
import type { ContinuationEvent } from "../../sign-in/events/event.ts";
import { signInMachine } from "../../sign-in/sign-in-machine.ts";
import type { PhoneCodeError, SignInStep } from "../../sign-in/types.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { Checkbox, optionalText, pageForm, pageQuery, text } from "./page-contracts.ts";
import { respondToStep, stepPages } from "./respond-to-step.ts";
import { type TenantPage, tenantPageOf } from "./tenant-page.ts";
import { clientOf, languageOf, readCookie, seeOther, sendPage, type Web } from "./web-context.ts";

const SendForm = pageForm({ phoneType: text(20) });
const SmsCodeForm = pageForm({ code: text(64), remember: Checkbox });
const ContinueForm = pageForm({ remember: Checkbox });
const ErrorQuery = pageQuery({ error: optionalText(40) });

const pageErrors: ReadonlySet<string> = new Set<"invalid_code" | PhoneCodeError>([
  "invalid_code",
  "phone_code_cooldown",
  "phone_limit_reached",
  "phone_number_not_allowed",
  "phone_method_unavailable",
  "invalid_phone_number",
  "phone_country_code_required",
  "phone_send_failed",
  "phone_call_waiting",
  "phone_call_denied",
  "voice_call_failed",
]);

/** An error named in a page's query, when it is one a code page shows; anything else: none. */
export function pageCodeError(
  value: string | undefined,
): "invalid_code" | PhoneCodeError | undefined {
  return value !== undefined && pageErrors.has(value)
    ? (value as "invalid_code" | PhoneCodeError)
    : undefined;
}

/** Seconds from now until `at`, never below 0. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

type SecondFactorStep = Extract<SignInStep, { kind: "second_factor" }>;

/**
 * "Text +39 ••• •••• 12" on the code prompt, the code that came by SMS, and "Send again"; "Call
 * +39 ••• •••• 12", the page that waits for the # pressed on the call, and "Call again".
 */
export function registerPhoneCodeRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const pendingToken = (request: FastifyRequest) => readCookie(web, request, "varco_pending");

  const advance = (request: FastifyRequest, event: ContinuationEvent) =>
    signInMachine.advance(ctx, {
      event,
      client: clientOf(request),
      channel: "pages",
      pendingToken: pendingToken(request),
    });

  /** Shows `show` while the sign-in asks for a second factor; else the page where it stands. */
  const atSecondFactor = async (
    request: FastifyRequest,
    reply: FastifyReply,
    show: (step: SecondFactorStep, tenant: Tenant, page: TenantPage) => Promise<FastifyReply>,
  ) => {
    const { step, tenant } = await signInMachine.current(
      ctx,
      pendingToken(request),
      clientOf(request),
    );
    if (step.kind === "second_factor" && tenant)
      return show(step, tenant, await tenantPageOf(web, tenant));
    if (step.kind in stepPages)
      return seeOther(reply, stepPages[step.kind as keyof typeof stepPages]);
    return respondToStep(web, request, reply, tenant, step);
  };

  app.post("/sign-in/phone-code", { schema: { body: SendForm } }, async (request, reply) => {
    const language = languageOf(web, request, reply);
    const { step, tenant } = await advance(request, {
      type: "sendPhoneCode",
      phoneType: request.body.phoneType,
      language,
    });
    if (step.kind !== "second_factor") return respondToStep(web, request, reply, tenant, step);
    const error = step.error ? `?error=${step.error}` : "";
    // A refusal before any code was sent goes back to the choice of methods.
    return seeOther(
      reply,
      step.phoneCode ? `/sign-in/verify/sms${error}` : `/sign-in/verify${error}`,
    );
  });

  app.get("/sign-in/verify/sms", { schema: { querystring: ErrorQuery } }, async (request, reply) =>
    atSecondFactor(request, reply, async (step, _tenant, page) => {
      const sent = step.phoneCode;
      if (!sent) return seeOther(reply, stepPages.second_factor);
      const error = pageCodeError(request.query.error);
      const digits = step.methods.find((m) => m.id === `sms:${sent.phoneType}`)?.digits ?? 6;
      return sendPage(
        web,
        request,
        reply,
        "verify-sms",
        {
          phoneType: sent.phoneType,
          maskedNumber: sent.maskedNumber,
          resendInSeconds: secondsUntil(sent.resendAt, ctx.now()),
          digits,
          rememberDeviceDays: step.rememberDeviceDays > 0 ? step.rememberDeviceDays : null,
          ...(error ? { error } : {}),
        },
        { status: error ? (error === "phone_send_failed" ? 502 : 401) : 200, ...page },
      );
    }),
  );

  app.post("/sign-in/verify/sms", { schema: { body: SmsCodeForm } }, async (request, reply) => {
    const { step, tenant } = await advance(request, {
      type: "secondFactor",
      proof: { kind: "phoneCode", code: request.body.code.trim() },
      rememberDevice: request.body.remember === "on" || request.body.remember === "1",
    });
    return respondToStep(web, request, reply, tenant, step, {
      retry: "/sign-in/verify/sms?error=invalid_code",
    });
  });

  app.post("/sign-in/phone-call", { schema: { body: SendForm } }, async (request, reply) => {
    const language = languageOf(web, request, reply);
    const { step, tenant } = await advance(request, {
      type: "placePhoneCall",
      phoneType: request.body.phoneType,
      language,
    });
    if (step.kind !== "second_factor") return respondToStep(web, request, reply, tenant, step);
    const error = step.error ? `?error=${step.error}` : "";
    return seeOther(
      reply,
      step.phoneCall ? `/sign-in/verify/call${error}` : `/sign-in/verify${error}`,
    );
  });

  app.get("/sign-in/verify/call", { schema: { querystring: ErrorQuery } }, async (request, reply) =>
    atSecondFactor(request, reply, async (step, tenant, page) => {
      const call = step.phoneCall;
      if (!call) return seeOther(reply, stepPages.second_factor);
      const error = pageCodeError(request.query.error);
      const settings = await readPhoneSettings(ctx, tenant.id);
      return sendPage(
        web,
        request,
        reply,
        "verify-call",
        {
          phoneType: call.phoneType,
          maskedNumber: call.maskedNumber,
          status: call.status,
          againInSeconds: secondsUntil(call.againAt, ctx.now()),
          fraudCode: settings?.fraudCode ?? "0#",
          rememberDeviceDays: step.rememberDeviceDays > 0 ? step.rememberDeviceDays : null,
          ...(error && error !== "invalid_code" ? { error } : {}),
        },
        { status: error ? 409 : 200, ...page },
      );
    }),
  );

  app.post("/sign-in/verify/call", { schema: { body: ContinueForm } }, async (request, reply) => {
    const { step, tenant } = await advance(request, {
      type: "secondFactor",
      proof: { kind: "phoneCall" },
      rememberDevice: request.body.remember === "on" || request.body.remember === "1",
    });
    if (step.kind === "second_factor")
      return seeOther(reply, `/sign-in/verify/call${step.error ? `?error=${step.error}` : ""}`);
    return respondToStep(web, request, reply, tenant, step);
  });
}
