import { changeOwnPassword } from "../../directory/change-own-password.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import type { ChangeOwnPasswordModel } from "../../web/page-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { optionalText, pageForm, text } from "./page-contracts.ts";
import { visitorPage, withVisitor } from "./visitor.ts";
import { clientOf, seeOther, sendPage, type Web } from "./web-context.ts";

const PasswordForm = pageForm({
  currentPassword: text(1024),
  newPassword: text(1024),
  repeatedPassword: text(1024),
  signOutElsewhere: optionalText(8),
});

type Refusal = NonNullable<ChangeOwnPasswordModel["error"]>;
const refusals: readonly Refusal[] = [
  "wrong_current_password",
  "passwords_do_not_match",
  "same_password",
  "invalid_password",
  "password_too_guessable",
  "throttled",
  "directory_refused_password",
  "directory_unavailable",
];
const statusOf = (code: Refusal) =>
  code === "wrong_current_password"
    ? 401
    : code === "throttled"
      ? 429
      : code === "directory_unavailable"
        ? 503
        : 400;

/**
 * Security info's "Change password" (src/directory/change-own-password.ts): Varco's own password,
 * or, for a tenant with a directory, the directory's (written there; its refusal is shown in its
 * own words).
 */
export function registerSecurityInfoPasswordRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  app.get("/security-info/password", async (request, reply) =>
    withVisitor(web, request, reply, async (who) => {
      const model: ChangeOwnPasswordModel = {
        signOutElsewhere: true,
        ...(who.tenant.hasDirectory ? { directory: true } : {}),
      };
      return sendPage(web, request, reply, "change-password-own", model, visitorPage(who));
    }),
  );

  app.post("/security-info/password", { schema: { body: PasswordForm } }, async (request, reply) =>
    withVisitor(web, request, reply, async (who) => {
      const signOutElsewhere = request.body.signOutElsewhere === "on";
      try {
        await changeOwnPassword(
          ctx,
          who,
          {
            currentPassword: request.body.currentPassword,
            newPassword: request.body.newPassword,
            repeatedPassword: request.body.repeatedPassword,
            signOutElsewhere,
          },
          clientOf(request),
        );
      } catch (error) {
        const code = refusals.find((refusal) => isVarcoError(error, refusal));
        if (!code) throw error;
        const model: ChangeOwnPasswordModel = {
          signOutElsewhere,
          error: code,
          ...(who.tenant.hasDirectory ? { directory: true } : {}),
          ...(isVarcoError(error, "directory_refused_password") && error.detail
            ? { directoryReason: error.detail }
            : {}),
        };
        return sendPage(web, request, reply, "change-password-own", model, {
          ...visitorPage(who),
          status: statusOf(code),
        });
      }
      return seeOther(reply, "/security-info?notice=password_changed");
    }),
  );
}
