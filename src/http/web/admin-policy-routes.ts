import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { isVarcoError } from "../../errors/varco-error.ts";
import { maxPhishingResistantGroups, type TenantPolicy } from "../../policy/tenant-policy.ts";
import { changeTenantPolicy } from "../../policy/update-tenant-policy.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import { listGroups } from "../../store/queries/groups.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { multiLineFields } from "../refuse-bad-input.ts";
import { adminPage, type PageAdmin, withPageAdmin } from "./admin-context.ts";
import { Checkbox, fieldsNamed, optionalText, pageForm, pageQuery } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

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
  "securityQuestionsToRegister",
  "securityQuestionsToAnswer",
] as const;
const checkboxFields = [
  "tapUsableOnceOnly",
  "reportSuspiciousActivity",
  "phishingResistantForAdministrators",
  "securityQuestionsEnabled",
  "appPasswordsAllowed",
] as const;
/** A group whose members must use phishing-resistant MFA: one checkbox per group. */
const groupCheckbox = "phishingResistantGroup:";
const listFields = ["trustedIpRanges", "fraudNotificationEmails"] as const;

// Text the policy itself checks, every value in its own words; the form only bounds the sizes.
// The groups of phishing-resistant MFA are checkboxes named `phishingResistantGroup:<id>`: one
// name per group, since a name given twice is refused at the edge (refuse-bad-input.ts).
const PolicyForm = Type.Object(
  {
    ...pageForm({
      mfaRequiredFor: optionalText(20),
      mfaGroupId: optionalText(100),
      highRiskAction: optionalText(40),
      helpdeskContact: optionalText(1000),
      timeZone: optionalText(100),
      ...fieldsNamed(numberFields, optionalText(20)),
      ...fieldsNamed(checkboxFields, Checkbox),
      ...fieldsNamed(listFields, optionalText(5000)),
    }).properties,
  },
  {
    additionalProperties: false,
    patternProperties: { [`^${groupCheckbox}[A-Za-z0-9._-]{1,100}$`]: Type.Enum(["on"]) },
    maxProperties: 100 + maxPhishingResistantGroups,
  },
);
const SavedQuery = pageQuery({ notice: optionalText(40) });

/** The policy as the form shows it. */
function formValues(policy: TenantPolicy): Record<string, string> {
  const values: Record<string, string> = {
    mfaRequiredFor: policy.mfaRequiredFor,
    mfaGroupId: policy.mfaGroupId ?? "",
    highRiskAction: policy.highRiskAction,
    helpdeskContact: policy.helpdeskContact,
    timeZone: policy.timeZone,
  };
  for (const field of numberFields) values[field] = String(policy[field]);
  for (const field of checkboxFields) values[field] = policy[field] ? "on" : "";
  for (const field of listFields) values[field] = policy[field].join("\n");
  values.phishingResistantGroupIds = policy.phishingResistantGroupIds.join("\n");
  return values;
}

/** The groups ticked, in the page's order. */
function tickedGroups(body: Record<string, unknown>): string[] {
  return Object.keys(body)
    .filter((name) => name.startsWith(groupCheckbox))
    .map((name) => name.slice(groupCheckbox.length));
}

/** What the form sent, as policy changes; the policy itself checks every value. */
function policyChanges(body: Static<typeof PolicyForm>): Partial<TenantPolicy> {
  const changes: Record<string, unknown> = {
    mfaRequiredFor: body.mfaRequiredFor,
    mfaGroupId: body.mfaGroupId || null,
    highRiskAction: body.highRiskAction,
    helpdeskContact: body.helpdeskContact ?? "",
  };
  // A form without the field (one opened before it existed) keeps the zone; an empty one is refused.
  if (body.timeZone !== undefined) changes.timeZone = body.timeZone.trim();
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
  changes.phishingResistantGroupIds = tickedGroups(body);
  return changes as Partial<TenantPolicy>;
}

/** Seed 001's MFA settings, every one on one page, checked by the policy's own limits. */
export function registerAdminPolicyRoutes(app: ContractApp, web: Web): void {
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

  app.get("/admin/policy", { schema: { querystring: SavedQuery } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "readPolicy");
      const saved = request.query.notice === "policy_saved";
      return show(admin, request, reply, saved ? { notice: "policy_saved" } : {});
    }),
  );

  // The two lists are textareas: one entry a line.
  const options = { schema: { body: PolicyForm }, config: multiLineFields(listFields) };
  app.post("/admin/policy", options, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "writePolicy");
      try {
        await changeTenantPolicy(ctx, admin.actor, admin.tenant, policyChanges(request.body));
        return seeOther(reply, "/admin/policy?notice=policy_saved");
      } catch (error) {
        if (!isVarcoError(error) || error.status >= 500) throw error;
        // The form again, with what was typed and the reason it was refused.
        const values = { ...formValues(admin.tenant.policy) };
        for (const [key, value] of Object.entries(request.body)) {
          if (key in values && typeof value === "string") values[key] = value;
        }
        for (const field of checkboxFields)
          values[field] = request.body[field] === "on" ? "on" : "";
        values.phishingResistantGroupIds = tickedGroups(request.body).join("\n");
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
