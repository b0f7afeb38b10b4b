import type { FastifyReply, FastifyRequest } from "fastify";
import { parseCampaignDate } from "../../campaigns/campaign-dates.ts";
import { listCampaignProgress } from "../../campaigns/campaign-progress.ts";
import { createCampaign } from "../../campaigns/create-campaign.ts";
import { endCampaign } from "../../campaigns/end-campaign.ts";
import { isVarcoError, VarcoError } from "../../errors/varco-error.ts";
import { isAllowed } from "../../roles/authorize.ts";
import { listGroups } from "../../store/queries/groups.ts";
import type { CampaignFormValues } from "../../web/admin-campaigns-model.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { adminPage, type PageAdmin, sendAdminError, withPageAdmin } from "./admin-context.ts";
import { IdParams, optionalText, pageForm, pageQuery } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

const CampaignForm = pageForm({
  group: optionalText(100),
  start: optionalText(40),
  deadline: optionalText(40),
  postponements: optionalText(10),
  reminderDays: optionalText(10),
  ticket: optionalText(200),
});
const EndForm = pageForm({ ticket: optionalText(200) });
const ListQuery = pageQuery({ notice: optionalText(40), error: optionalText(40) });
const notices = ["campaign_created", "campaign_ended"] as const;

const whole = (text: string | undefined, name: string) => {
  const value = (text ?? "").trim();
  if (!/^\d{1,4}$/.test(value)) throw new VarcoError("invalid_campaign", `${name}: a whole number`);
  return Number(value);
};

/**
 * Enrolment campaigns on the admin pages: the list with each one's progress for the roles that
 * read reports, the form that starts one and the button that ends one for those that manage them.
 */
export function registerAdminCampaignRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    admin: PageAdmin,
    extra: { notice?: string; error?: string; values?: CampaignFormValues; status?: number },
  ) => {
    const [campaigns, groups] = await Promise.all([
      listCampaignProgress(ctx, admin.tenant),
      listGroups(ctx.store.db, admin.tenant.id),
    ]);
    const { status, ...shown } = extra;
    return sendPage(
      web,
      request,
      reply,
      "admin-campaigns",
      {
        campaigns,
        groups: groups.map((g) => ({ id: g.id, name: g.name })),
        canManage: isAllowed(admin.principal, "manageCampaigns"),
        now: ctx.now(),
        values: shown.values ?? {
          group: "",
          start: "",
          deadline: "",
          postponements: "3",
          reminderDays: "7",
        },
        ...(shown.notice ? { notice: shown.notice } : {}),
        ...(shown.error ? { error: shown.error } : {}),
      },
      { ...adminPage(admin), ...(status ? { status } : {}) },
    );
  };

  app.get("/admin/campaigns", { schema: { querystring: ListQuery } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      if (!isAllowed(admin.principal, "readReports"))
        return sendAdminError(web, request, reply, admin, "forbidden");
      const { notice, error } = request.query;
      return show(request, reply, admin, {
        ...(notices.find((n) => n === notice) ? { notice } : {}),
        ...(error && /^[a-z_]{1,40}$/.test(error) ? { error } : {}),
      });
    }),
  );

  app.post("/admin/campaigns", { schema: { body: CampaignForm } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      if (!isAllowed(admin.principal, "manageCampaigns"))
        return sendAdminError(web, request, reply, admin, "forbidden");
      const body = request.body;
      const values: CampaignFormValues = {
        group: body.group ?? "",
        start: body.start ?? "",
        deadline: body.deadline ?? "",
        postponements: body.postponements ?? "",
        reminderDays: body.reminderDays ?? "",
      };
      try {
        const zone = admin.tenant.policy.timeZone;
        const groups = await listGroups(ctx.store.db, admin.tenant.id);
        const group = values.group ? groups.find((g) => g.id === values.group) : undefined;
        if (values.group && !group) throw new VarcoError("group_not_found", "no such group");
        await createCampaign(ctx, admin.actor, admin.tenant, {
          group: group?.name ?? null,
          startsAt: values.start ? parseCampaignDate(values.start, zone, "start") : ctx.now(),
          deadlineAt: parseCampaignDate(values.deadline, zone, "end"),
          postponementsAllowed: whole(values.postponements, "postponements"),
          reminderIntervalDays: whole(values.reminderDays, "reminderDays"),
        });
      } catch (error) {
        if (!isVarcoError(error)) throw error;
        return show(request, reply, admin, { error: error.code, values, status: error.status });
      }
      return seeOther(reply, "/admin/campaigns?notice=campaign_created");
    }),
  );

  app.post(
    "/admin/campaigns/:id/end",
    { schema: { params: IdParams, body: EndForm } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        if (!isAllowed(admin.principal, "manageCampaigns"))
          return sendAdminError(web, request, reply, admin, "forbidden");
        try {
          await endCampaign(ctx, admin.actor, admin.tenant, request.params.id);
        } catch (error) {
          if (!isVarcoError(error)) throw error;
          return seeOther(reply, `/admin/campaigns?error=${error.code}`);
        }
        return seeOther(reply, "/admin/campaigns?notice=campaign_ended");
      }),
  );
}
