import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isVarcoError } from "../../errors/varco-error.ts";
import type { TenantPolicy } from "../../policy/tenant-policy.ts";
import { changeTenantPolicy } from "../../policy/update-tenant-policy.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import { listGroups } from "../../store/queries/groups.ts";
import type { MultiLineFields } from "../refuse-bad-input.ts";
import { adminPage, type PageAdmin, withPageAdmin } from "./admin-context.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

type Form = Record<string, string | undefined>;

const numberFields = [
  "requiredMethodCount",
  "totpWindow",
  "lockoutThreshold",
  "lockoutResetMinutes",
  "lockoutMinutes",
  "passwordAttemptsPerAddress",
  "rememberDeviceDays",
  "sessionIdleMinutes",
  "sessionMaxHours",
  "recentAuthenticationMinutes",
  "tapMinimumLifetimeMinutes",
  "tapMaximumLifetimeMinutes",
  "tapDefaultLifetimeMinutes",
  "tapLength",
] as const;
const checkboxFields = ["tapUsableOnceOnly", "reportSuspiciousActivity"] as const;
const listFields = ["trustedIpRanges", "fraudNotificationEmails"] as const;

/** The policy as the form shows it. */
function formValues(policy: TenantPolicy): Record<string, string> {
  const values: Record<string, string> = {
    mfaRequiredFor: policy.mfaRequiredFor,
    mfaGroupId: policy.mfaGroupId ?? "",
    highRiskAction: policy.highRiskAction,
    helpdeskContact: policy.helpdeskContact,
  };
  for (const field of numberFields) values[field] = String(policy[field]);
  for (const field of checkboxFields) values[field] = policy[field] ? "on" : "";
  for (const field of listFields) values[field] = policy[field].join("\n");
  return values;
}

/** What the form sent, as policy changes; the policy itself checks every value. */
function policyChanges(body: Form): Partial<TenantPolicy> {
  const changes: Record<string, unknown> = {
    mfaRequiredFor: body.mfaRequiredFor,
    mfaGroupId: body.mfaGroupId || null,
    highRiskAction: body.highRiskAction,
    helpdeskContact: body.helpdeskContact ?? "",
  };
  for (const field of numberFields) {
    const text = (body[field] ?? "").trim();
    changes[field] = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  }
  for (const field of checkboxFields) changes[field] = body[field] === "on";
  for (const field of listFields) {
    changes[field] = (body[field] ?? "")
      .split(/[\s,]+/)
      .map((entry) => entry.trim())
      .filter(Boolean);
  }
  return changes as Partial<TenantPolicy>;
}

/** Seed 001's MFA settings, every one on one page, checked by the policy's own limits. */
export function registerAdminPolicyRoutes(app: FastifyInstance, web: Web): void {
  const { ctx } = web;
  const show = async (
    admin: PageAdmin,
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      values?: Record<string, string>;
      notice?: "policy_saved";
      error?: string;
      errorDetail?: string;
      status?: number;
    },
  ) =>
    sendPage(
      web,
      request,
      reply,
      "admin-policy",
      {
        values: extra.values ?? formValues(admin.tenant.policy),
        groups: (await listGroups(ctx.store.db, admin.tenant.id)).map((g) => ({
          id: g.id,
          name: g.name,
        })),
        readOnly: !isAllowed(admin.principal, "writePolicy"),
        ...(extra.notice ? { notice: extra.notice } : {}),
        ...(extra.error ? { error: extra.error } : {}),
        ...(extra.errorDetail ? { errorDetail: extra.errorDetail } : {}),
      },
      { ...adminPage(admin), status: extra.status ?? 200 },
    );

  app.get("/admin/policy", async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "readPolicy");
      const saved = (request.query as Form).notice === "policy_saved";
      return show(admin, request, reply, saved ? { notice: "policy_saved" } : {});
    }),
  );

  // The two lists are textareas: one entry a line.
  const lists = { config: { multiLineFields: listFields } };
  app.post<{ Body: Form }, MultiLineFields>("/admin/policy", lists, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "writePolicy");
      try {
        await changeTenantPolicy(ctx, admin.actor, admin.tenant, policyChanges(request.body ?? {}));
        return seeOther(reply, "/admin/policy?notice=policy_saved");
      } catch (error) {
        if (!isVarcoError(error) || error.status >= 500) throw error;
        // The form again, with what was typed and the reason it was refused.
        const values = { ...formValues(admin.tenant.policy) };
        for (const [key, value] of Object.entries(request.body ?? {})) {
          if (key in values && typeof value === "string") values[key] = value.slice(0, 5000);
        }
        for (const field of checkboxFields)
          values[field] = request.body?.[field] === "on" ? "on" : "";
        return show(admin, request, reply, {
          values,
          error: error.code,
          ...(error.detail ? { errorDetail: error.detail } : {}),
          status: 400,
        });
      }
    }),
  );
}
