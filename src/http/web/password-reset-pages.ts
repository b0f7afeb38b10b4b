import type { FastifyReply, FastifyRequest } from "fastify";
import { isVarcoError } from "../../errors/varco-error.ts";
import { customSecurityQuestions } from "../../methods/security-questions/custom-questions.ts";
import { securityQuestionText } from "../../methods/security-questions/question-text.ts";
import {
  loadPasswordReset,
  type PasswordReset,
  resetProven,
} from "../../password-reset/load-password-reset.ts";
import { offeredMethods } from "../../password-reset/offered-methods.ts";
import { questionsToAsk } from "../../password-reset/reset-questions.ts";
import { codeOf } from "../../password-reset/reset-state.ts";
import type {
  PasswordResetError,
  PasswordResetModel,
} from "../../web/password-reset-page-models.ts";
import {
  clearCookie,
  languageOf,
  readCookie,
  seeOther,
  sendPage,
  type Web,
} from "./web-context.ts";

export const statusOf = (code: PasswordResetError) =>
  code === "throttled" ? 429 : code === "directory_unavailable" ? 503 : 400;
const shownErrors: readonly PasswordResetError[] = [
  "throttled",
  "reset_verification_failed",
  "invalid_phone_number",
  "phone_country_code_required",
  "invalid_email_address",
  "passwords_do_not_match",
  "invalid_password",
  "password_too_guessable",
  "directory_refused_password",
  "directory_unavailable",
];
/** The error a reset page shows for `error`, if it is one of those; undefined for any other. */
export const shownError = (error: unknown) => shownErrors.find((code) => isVarcoError(error, code));

/** What the verification page is asked to show: a method, afresh (`again`), an error. */
export type VerifyWanted = {
  method?: string | undefined;
  again?: boolean;
  error?: PasswordResetError;
};

/**
 * The pages of "Forgot your password?" that every route of the reset sends: the reset the
 * browser's `varco_reset` cookie names, the page "this reset is over", and the verification page
 * at the step the reset stands.
 */
export function passwordResetPages(web: Web) {
  const { ctx } = web;
  const send = (
    request: FastifyRequest,
    reply: FastifyReply,
    model: PasswordResetModel,
    status = 200,
  ) => sendPage(web, request, reply, "password-reset", model, { status });

  const resetOf = (request: FastifyRequest) =>
    loadPasswordReset(ctx, readCookie(web, request, "varco_reset"));

  const over = (request: FastifyRequest, reply: FastifyReply) => {
    clearCookie(web, reply, "varco_reset");
    return send(request, reply, { stage: "over", startPath: "/password-reset" }, 410);
  };

  /** The questions the reset asks, in the reader's language (a tenant's own as typed). */
  const questionsShown = async (
    request: FastifyRequest,
    reply: FastifyReply,
    reset: PasswordReset,
  ) => {
    const language = languageOf(web, request, reply);
    const [keys, custom] = await Promise.all([
      questionsToAsk(ctx, reset),
      customSecurityQuestions(ctx, reset.tenant.id),
    ]);
    return keys.map((key) => ({ key, text: securityQuestionText(key, language, custom) ?? key }));
  };

  const showVerify = async (
    request: FastifyRequest,
    reply: FastifyReply,
    reset: PasswordReset,
    wanted: VerifyWanted,
  ) => {
    if (resetProven(reset)) return seeOther(reply, "/password-reset/new-password");
    const methods = await offeredMethods(ctx, reset);
    const method = methods.find((m) => m === wanted.method);
    const waiting = codeOf(reset.row);
    const questions =
      method === "securityQuestions" ? await questionsShown(request, reply, reset) : [];
    const model: PasswordResetModel = {
      stage: "verify",
      step: new Set(reset.proven.map((p) => p.method)).size + 1,
      of: reset.requirements.required,
      methods,
      method,
      codeSent: method !== undefined && waiting?.method === method && !wanted.again,
      questions,
      error: wanted.error,
    };
    return send(request, reply, model, wanted.error ? statusOf(wanted.error) : 200);
  };

  /**
   * After an answer was refused: the reset over (its budget spent, its time up), the choice of
   * methods (one not offered), or the method's page again with the error, read afresh.
   */
  const refused = async (
    request: FastifyRequest,
    reply: FastifyReply,
    reset: PasswordReset,
    method: string,
    error: unknown,
  ) => {
    if (isVarcoError(error, "password_reset_expired")) return over(request, reply);
    if (isVarcoError(error, "method_not_offered")) return showVerify(request, reply, reset, {});
    const shown = shownError(error);
    if (!shown) throw error;
    const fresh = (await resetOf(request)) ?? reset;
    return showVerify(request, reply, fresh, { method, error: shown });
  };

  return { send, resetOf, over, showVerify, refused };
}
