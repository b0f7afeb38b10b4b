import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { findCampaign, markCampaignEnded } from "../store/queries/campaigns.ts";

/**
 * Ends a campaign before its deadline: postponing stops at once (registration is owed again, as
 * the tenant's policy asks) and no more reminders go out. Audited.
 */
export async function endCampaign(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  campaignId: string,
): Promise<void> {
  const now = ctx.now();
  const campaign = await findCampaign(ctx.store.db, tenant.id, campaignId);
  if (!campaign)
    throw new VarcoError("campaign_not_found", `no campaign '${campaignId.slice(0, 80)}'`);
  if (campaign.endedAt !== null || campaign.deadlineAt <= now)
    throw new VarcoError("campaign_ended", "the campaign has ended already");
  await ctx.store.transaction(async (tx) => {
    if (!(await markCampaignEnded(tx, campaign.id, now)))
      throw new VarcoError("campaign_ended", "the campaign has ended already");
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "End enrolment campaign",
        targetType: "campaign",
        targetId: campaign.id,
        details: { endedAt: new Date(now).toISOString() },
      },
    );
  });
}
