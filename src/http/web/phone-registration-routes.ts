import type { FastifyReply, FastifyRequest } from "fastify";
import { type CountryCode, getCountryCallingCode } from "libphonenumber-js/max";
import type { Tenant } from "../../directory/types.ts";
import { readPhoneSettings } from "../../phone-settings/read-phone-settings.ts";
import type { ContinuationEvent } from "../../sign-in/events/event.ts";
import { signInMachine } from "../../sign-in/sign-in-machine.ts";
import {
  type PasskeyRegistrationError,
  passkeyRegistrationErrors,
  type SignInStep,
} from "../../sign-in/types.ts";

const isPasskeyError = (error: string | undefined): error is PasskeyRegistrationError =>
  (passkeyRegistrationErrors as readonly (string | undefined)[]).includes(error);

import type { PhoneCountry } from "../../web/phone-page-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { optionalText, pageForm, pageQuery, text } from "./page-contracts.ts";
import { pageCodeError, secondsUntil } from "./phone-code-routes.ts";
import { respondToStep, stepPages } from "./respond-to-step.ts";
import { setStepCookies } from "./step-cookies.ts";
import { type TenantPage, tenantPageOf } from "./tenant-page.ts";
import { clientOf, languageOf, readCookie, seeOther, sendPage, type Web } from "./web-context.ts";

const NumberForm = pageForm({ country: text(2), number: text(64), how: optionalText(10) });
const CodeForm = pageForm({ code: text(64) });
const NoFields = pageForm({});
const ErrorQuery = pageQuery({ error: optionalText(40) });

type RegisterStep = Extract<SignInStep, { kind: "register" }>;
type Registering = { tenant: Tenant; step: RegisterStep; page: TenantPage };

/**
 * "Metodo 2 di 2: Telefono" (seed 000): the number, a code sent to it by SMS ("Invia di nuovo il
 * codice"), then "Verifica completata. Il telefono è stato registrato."
 */
export function registerPhoneRegistrationRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const pendingToken = (request: FastifyRequest) => readCookie(web, request, "varco_pending");

  const advance = (request: FastifyRequest, event: ContinuationEvent) =>
    signInMachine.advance(ctx, {
      event,
      client: clientOf(request),
      channel: "pages",
      pendingToken: pendingToken(request),
    });

  /** Runs `work` while the sign-in stands at registration and may register a phone. */
  const withPhoneRegistration = async (
    request: FastifyRequest,
    reply: FastifyReply,
    work: (at: Registering) => Promise<FastifyReply>,
  ): Promise<FastifyReply> => {
    const { step, tenant } = await signInMachine.current(
      ctx,
      pendingToken(request),
      clientOf(request),
    );
    if (step.kind === "register" && tenant) {
      if (!step.phoneOffered) return seeOther(reply, stepPages.register);
      return work({ tenant, step, page: await tenantPageOf(web, tenant) });
    }
    if (step.kind in stepPages)
      return seeOther(reply, stepPages[step.kind as keyof typeof stepPages]);
    return respondToStep(web, request, reply, tenant, step);
  };
  const progress = ({ step }: Registering) => ({ step: step.registered + 1, total: step.required });

  const countriesOf = async (tenant: Tenant, language: "en" | "it"): Promise<PhoneCountry[]> => {
    const settings = await readPhoneSettings(ctx, tenant.id);
    const names = new Intl.DisplayNames([language], { type: "region" });
    return (settings?.allowedCountries ?? []).map((code) => ({
      code,
      callingCode: getCountryCallingCode(code as CountryCode),
      name: names.of(code) ?? code,
    }));
  };

  const showNumberForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    at: Registering,
    typed: { country?: string; number?: string; error?: RegisterStep["error"] } = {},
  ) => {
    const countries = await countriesOf(at.tenant, languageOf(web, request, reply));
    const error =
      typed.error === "invalid_code" || isPasskeyError(typed.error) ? undefined : typed.error;
    return sendPage(
      web,
      request,
      reply,
      "register-phone",
      {
        ...progress(at),
        countries,
        selectedCountry: typed.country ?? countries[0]?.code ?? "",
        ...(typed.number ? { number: typed.number } : {}),
        ...(error ? { error } : {}),
      },
      { status: error ? 400 : 200, ...at.page },
    );
  };

  app.get("/sign-in/register/phone", async (request, reply) =>
    withPhoneRegistration(request, reply, async (at) => {
      if (at.step.phoneCode?.phoneNumber !== undefined)
        return seeOther(reply, "/sign-in/register/phone/code");
      return showNumberForm(request, reply, at);
    }),
  );

  app.post("/sign-in/register/phone", { schema: { body: NumberForm } }, async (request, reply) =>
    withPhoneRegistration(request, reply, async (at) => {
      const { country, number } = request.body;
      const countries = await countriesOf(at.tenant, "en");
      const chosen = countries.find((c) => c.code === country);
      // A number typed with its own country code is taken as typed; the list gives the rest theirs.
      const typed = number.trim();
      const phoneNumber =
        typed.startsWith("+") || !chosen ? typed : `+${chosen.callingCode} ${typed}`;
      const { step, tenant } = await advance(request, {
        type: "sendRegistrationCode",
        phoneNumber,
        language: languageOf(web, request, reply),
      });
      if (step.kind !== "register") return respondToStep(web, request, reply, tenant, step);
      if (step.phoneCode?.phoneNumber !== undefined && step.error !== "phone_send_failed")
        return seeOther(reply, "/sign-in/register/phone/code");
      return showNumberForm(
        request,
        reply,
        { ...at, step },
        { country, number: typed, error: step.error },
      );
    }),
  );

  app.get(
    "/sign-in/register/phone/code",
    { schema: { querystring: ErrorQuery } },
    async (request, reply) =>
      withPhoneRegistration(request, reply, async (at) => {
        const sent = at.step.phoneCode;
        if (sent?.phoneNumber === undefined) return seeOther(reply, "/sign-in/register/phone");
        const error = pageCodeError(request.query.error);
        const settings = await readPhoneSettings(ctx, at.tenant.id);
        return sendPage(
          web,
          request,
          reply,
          "register-phone-code",
          {
            ...progress(at),
            phoneNumber: sent.phoneNumber,
            resendInSeconds: secondsUntil(sent.resendAt, ctx.now()),
            digits: settings?.codeLength ?? 6,
            ...(error ? { error } : {}),
          },
          { status: error ? 401 : 200, ...at.page },
        );
      }),
  );

  app.post(
    "/sign-in/register/phone/resend",
    { schema: { body: NoFields } },
    async (request, reply) =>
      withPhoneRegistration(request, reply, async (at) => {
        const number = at.step.phoneCode?.phoneNumber;
        if (number === undefined) return seeOther(reply, "/sign-in/register/phone");
        const { step, tenant } = await advance(request, {
          type: "sendRegistrationCode",
          phoneNumber: number,
          language: languageOf(web, request, reply),
        });
        if (step.kind !== "register") return respondToStep(web, request, reply, tenant, step);
        const error = step.error ? `?error=${step.error}` : "";
        return seeOther(reply, `/sign-in/register/phone/code${error}`);
      }),
  );

  app.post("/sign-in/register/phone/code", { schema: { body: CodeForm } }, async (request, reply) =>
    withPhoneRegistration(request, reply, async (at) => {
      const { step, tenant } = await advance(request, {
        type: "phoneRegistration",
        code: request.body.code.trim(),
      });
      const refused = (step.kind === "register" || step.kind === "second_factor") && step.error;
      if (refused) return seeOther(reply, "/sign-in/register/phone/code?error=invalid_code");
      const done = step.kind === "signed_in" || step.kind === "register";
      if (!done || step.backupCodes) return respondToStep(web, request, reply, tenant, step);
      setStepCookies(web, reply, step);
      return sendPage(
        web,
        request,
        reply,
        "register-phone-done",
        {
          ...progress(at),
          continueUrl: step.kind === "signed_in" ? "/security-info" : stepPages.register,
        },
        at.page,
      );
    }),
  );
}
