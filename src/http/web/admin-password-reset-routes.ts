import type { FastifyReply, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { isVarcoError } from "../../errors/varco-error.ts";
import { readMethodConfigurations } from "../../policy/method-configurations/read-method-configurations.ts";
import { passwordResetMethods } from "../../policy/password-reset/password-reset-methods.ts";
import type { TenantPolicy } from "../../policy/tenant-policy.ts";
import { changeTenantPolicy } from "../../policy/update-tenant-policy.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import { listGroups } from "../../store/queries/groups.ts";
import type { AdminPasswordResetModel } from "../../web/admin-password-reset-model.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { adminPage, type PageAdmin, withPageAdmin } from "./admin-context.ts";
import { Checkbox, fieldsNamed, optionalText, pageForm, pageQuery } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

const methodField = (method: string) => `method:${method}`;
const ResetForm = pageForm({
  passwordResetEnabledFor: optionalText(10),
  passwordResetGroupId: optionalText(100),
  passwordResetMethodsRequired: optionalText(2),
  passwordResetRegistrationRequired: Checkbox,
  ...fieldsNamed(passwordResetMethods.map(methodField), Checkbox),
});
const SavedQuery = pageQuery({ notice: optionalText(40) });

/** What the form sent, as policy changes; the policy checks every value. */
function changesOf(body: Static<typeof ResetForm>): Partial<TenantPolicy> {
  const fields = body as Record<string, string | undefined>;
  return {
    passwordResetEnabledFor:
      body.passwordResetEnabledFor as TenantPolicy["passwordResetEnabledFor"],
    passwordResetGroupId: body.passwordResetGroupId || null,
    passwordResetMethodsRequired: Number(
      body.passwordResetMethodsRequired,
    ) as TenantPolicy["passwordResetMethodsRequired"],
    passwordResetRegistrationRequired: body.passwordResetRegistrationRequired === "on",
    passwordResetMethods: passwordResetMethods.filter((m) => fields[methodField(m)] === "on"),
  };
}

/** Entra's "Password reset" blade: who may reset, with how many methods, and which. */
export function registerAdminPasswordResetRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const show = async (
    admin: PageAdmin,
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { policy?: TenantPolicy; notice?: "policy_saved"; error?: string; detail?: string },
  ) => {
    const policy = extra.policy ?? admin.tenant.policy;
    const configurations = await readMethodConfigurations(ctx, admin.tenant.id);
    const enabled = (...ids: string[]) =>
      configurations.some((c) => ids.includes(c.id) && c.state === "enabled")
        ? "enabled"
        : "disabled";
    const signIn = {
      email: "never",
      sms: enabled("Sms"),
      voice: enabled("Voice"),
      authenticatorApp: enabled("SoftwareOath", "HardwareOath"),
      passkey: enabled("Fido2"),
      securityQuestions: "never",
    } as const;
    const model: AdminPasswordResetModel = {
      enabledFor: policy.passwordResetEnabledFor,
      groupId: policy.passwordResetGroupId,
      methodsRequired: policy.passwordResetMethodsRequired,
      methods: passwordResetMethods.map((id) => ({
        id,
        checked: policy.passwordResetMethods.includes(id),
        signIn: signIn[id],
      })),
      registrationRequired: policy.passwordResetRegistrationRequired,
      groups: (await listGroups(ctx.store.db, admin.tenant.id)).map((g) => ({
        id: g.id,
        name: g.name,
      })),
      readOnly: !isAllowed(admin.principal, "writePolicy"),
      ...(extra.notice ? { notice: extra.notice } : {}),
      ...(extra.error ? { error: extra.error } : {}),
      ...(extra.detail ? { errorDetail: extra.detail } : {}),
    };
    return sendPage(web, request, reply, "admin-password-reset", model, {
      ...adminPage(admin),
      status: extra.error ? 400 : 200,
    });
  };

  app.get("/admin/password-reset", { schema: { querystring: SavedQuery } }, (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "readPolicy");
      const saved = request.query.notice === "policy_saved";
      return show(admin, request, reply, saved ? { notice: "policy_saved" } : {});
    }),
  );

  app.post("/admin/password-reset", { schema: { body: ResetForm } }, (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "writePolicy");
      const changes = changesOf(request.body);
      try {
        await changeTenantPolicy(ctx, admin.actor, admin.tenant, changes);
        return seeOther(reply, "/admin/password-reset?notice=policy_saved");
      } catch (error) {
        if (!isVarcoError(error) || error.status >= 500) throw error;
        const policy = { ...admin.tenant.policy, ...changes };
        return show(admin, request, reply, { policy, error: error.code, detail: error.detail });
      }
    }),
  );
}
