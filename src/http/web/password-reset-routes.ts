import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isVarcoError } from "../../errors/varco-error.ts";
import { answerResetQuestions } from "../../password-reset/answer-reset-questions.ts";
import { finishPasswordReset } from "../../password-reset/finish-password-reset.ts";
import { resetProven } from "../../password-reset/load-password-reset.ts";
import { placeResetCall } from "../../password-reset/place-reset-call.ts";
import { proveResetCode } from "../../password-reset/prove-reset-code.ts";
import { sendResetCode } from "../../password-reset/send-reset-code.ts";
import { startPasswordReset } from "../../password-reset/start-password-reset.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import {
  fieldsNamed,
  optionalText,
  pageForm,
  pageQuery,
  TenantField,
  text,
} from "./page-contracts.ts";
import { registerPasswordResetCallRoutes } from "./password-reset-call-routes.ts";
import { passwordResetPages, shownError, statusOf } from "./password-reset-pages.ts";
import { registerPasswordResetPasskeyRoutes } from "./password-reset-passkey-routes.ts";
import {
  clearCookie,
  clientOf,
  languageOf,
  namedTenantOf,
  seeOther,
  sendPage,
  setTokenCookie,
  signInPathOf,
  tenantOf,
  type Web,
} from "./web-context.ts";

const StartForm = pageForm({ upn: text(256), tenant: TenantField });
const SendForm = pageForm({ method: text(20), destination: text(254) });
const CodeForm = pageForm({ method: text(20), code: text(64) });
/** Up to 5 questions asked (the tenant's securityQuestionsToAnswer), each key with its answer. */
const AnswersForm = pageForm({
  ...fieldsNamed(
    [0, 1, 2, 3, 4].map((i) => `question${i}`),
    optionalText(64),
  ),
  ...fieldsNamed(
    [0, 1, 2, 3, 4].map((i) => `answer${i}`),
    optionalText(200),
  ),
});
const NewPasswordForm = pageForm({ newPassword: text(1024), repeatedPassword: text(1024) });
const StartQuery = pageQuery({ tenant: TenantField, upn: optionalText(256) });
const VerifyQuery = pageQuery({ method: optionalText(20), again: optionalText(2) });
const DoneQuery = pageQuery({ tenant: TenantField });
const TenantParams = Type.Object({ tenant: text(63) });

/**
 * "Forgot your password?" (src/password-reset/): the user name, then the methods the tenant asks
 * for, one page each, then a new password. The reset lives in an HttpOnly cookie of its own;
 * every page looks the same whoever the user name names.
 */
export function registerPasswordResetRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const { send, resetOf, over, showVerify, refused } = passwordResetPages(web);

  const showStart = async (request: FastifyRequest, reply: FastifyReply, upn?: string) => {
    const tenant = await tenantOf(web, request);
    if (!tenant)
      return sendPage(web, request, reply, "error", { code: "not_found" }, { status: 404 });
    const named = namedTenantOf(request);
    if (named !== undefined && tenant.policy.passwordResetEnabledFor === "none")
      return unavailable(request, reply, tenant.policy.helpdeskContact);
    return send(request, reply, { stage: "start", tenant: named, upn });
  };
  const unavailable = (request: FastifyRequest, reply: FastifyReply, helpdeskContact: string) =>
    send(request, reply, { stage: "unavailable", helpdeskContact }, 403);

  app.get("/password-reset", { schema: { querystring: StartQuery } }, (request, reply) =>
    showStart(request, reply, request.query.upn?.trim() || undefined),
  );
  app.get("/t/:tenant/password-reset", { schema: { params: TenantParams } }, (request, reply) =>
    showStart(request, reply),
  );

  app.post("/password-reset", { schema: { body: StartForm } }, async (request, reply) => {
    const upn = request.body.upn.trim();
    const tenant = await tenantOf(web, request, upn);
    if (!tenant)
      return sendPage(web, request, reply, "error", { code: "not_found" }, { status: 404 });
    if (tenant.policy.passwordResetEnabledFor === "none")
      return unavailable(request, reply, tenant.policy.helpdeskContact);
    try {
      const language = languageOf(web, request, reply);
      const { token } = await startPasswordReset(ctx, tenant, { upn, language }, clientOf(request));
      setTokenCookie(web, reply, "varco_reset", { token, expiresAt: 0 }, false);
      return seeOther(reply, "/password-reset/verify");
    } catch (error) {
      const code = shownError(error);
      if (!code) throw error;
      const model = { stage: "start" as const, tenant: namedTenantOf(request), upn, error: code };
      return send(request, reply, model, statusOf(code));
    }
  });

  app.get(
    "/password-reset/verify",
    { schema: { querystring: VerifyQuery } },
    async (request, reply) => {
      const reset = await resetOf(request);
      if (!reset) return over(request, reply);
      return showVerify(request, reply, reset, {
        method: request.query.method,
        again: request.query.again === "1",
      });
    },
  );

  app.post("/password-reset/send", { schema: { body: SendForm } }, async (request, reply) => {
    const reset = await resetOf(request);
    if (!reset) return over(request, reply);
    const { method, destination } = request.body;
    if (method !== "sms" && method !== "email" && method !== "voice")
      return showVerify(request, reply, reset, {});
    try {
      const language = languageOf(web, request, reply);
      if (method === "voice") await placeResetCall(ctx, reset, { typed: destination, language });
      else await sendResetCode(ctx, reset, { method, typed: destination, language });
      return seeOther(reply, `/password-reset/verify?method=${method}`);
    } catch (error) {
      if (isVarcoError(error, "method_not_offered")) return showVerify(request, reply, reset, {});
      const code = shownError(error);
      if (!code) throw error;
      return showVerify(request, reply, reset, { method, again: true, error: code });
    }
  });

  app.post("/password-reset/verify", { schema: { body: CodeForm } }, async (request, reply) => {
    const reset = await resetOf(request);
    if (!reset) return over(request, reply);
    const { method, code } = request.body;
    if (method !== "sms" && method !== "email" && method !== "authenticatorApp")
      return showVerify(request, reply, reset, {});
    try {
      await proveResetCode(ctx, reset, { method, code });
      return seeOther(reply, "/password-reset/verify");
    } catch (error) {
      return refused(request, reply, reset, method, error);
    }
  });

  app.post("/password-reset/answers", { schema: { body: AnswersForm } }, async (request, reply) => {
    const reset = await resetOf(request);
    if (!reset) return over(request, reply);
    const fields = request.body as Record<string, string | undefined>;
    const answers = [0, 1, 2, 3, 4].flatMap((i) => {
      const questionKey = fields[`question${i}`];
      return questionKey ? [{ questionKey, answer: fields[`answer${i}`] ?? "" }] : [];
    });
    try {
      await answerResetQuestions(ctx, reset, answers);
      return seeOther(reply, "/password-reset/verify");
    } catch (error) {
      if (isVarcoError(error, "password_reset_expired")) return over(request, reply);
      if (isVarcoError(error, "method_not_offered")) return showVerify(request, reply, reset, {});
      if (!isVarcoError(error, "reset_verification_failed")) throw error;
      const fresh = (await resetOf(request)) ?? reset;
      return showVerify(request, reply, fresh, {
        method: "securityQuestions",
        error: "reset_verification_failed",
      });
    }
  });

  app.get("/password-reset/new-password", async (request, reply) => {
    const reset = await resetOf(request);
    if (!reset) return over(request, reply);
    if (!resetProven(reset)) return seeOther(reply, "/password-reset/verify");
    return send(request, reply, { stage: "newPassword" });
  });

  app.post(
    "/password-reset/new-password",
    { schema: { body: NewPasswordForm } },
    async (request, reply) => {
      const reset = await resetOf(request);
      if (!reset) return over(request, reply);
      if (!resetProven(reset)) return seeOther(reply, "/password-reset/verify");
      try {
        await finishPasswordReset(ctx, reset, request.body, clientOf(request));
      } catch (error) {
        if (isVarcoError(error, "password_reset_expired")) return over(request, reply);
        const code = shownError(error);
        if (!code) throw error;
        const directoryReason =
          isVarcoError(error, "directory_refused_password") && error.detail
            ? error.detail
            : undefined;
        const model = { stage: "newPassword" as const, error: code, directoryReason };
        return send(request, reply, model, statusOf(code));
      }
      clearCookie(web, reply, "varco_reset");
      return seeOther(
        reply,
        `/password-reset/done?tenant=${encodeURIComponent(reset.tenant.name)}`,
      );
    },
  );

  app.get("/password-reset/done", { schema: { querystring: DoneQuery } }, (request, reply) =>
    send(request, reply, { stage: "done", signInPath: signInPathOf(request.query.tenant) }),
  );

  registerPasswordResetPasskeyRoutes(app, web);
  registerPasswordResetCallRoutes(app, web);
}
