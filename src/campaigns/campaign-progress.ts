import type { Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import { type Campaign, listCampaigns } from "../store/queries/campaigns.ts";
import { listGroups } from "../store/queries/groups.ts";
import { countRegistration } from "../store/queries/rollout-report.ts";

export type CampaignState = "scheduled" | "running" | "ended";

export type CampaignProgress = Campaign & {
  readonly groupName: string | null;
  readonly state: CampaignState;
  /** Users the campaign covers, and those of them who have registered. */
  readonly users: number;
  readonly registered: number;
};

export function campaignState(campaign: Campaign, now: number): CampaignState {
  if (campaign.endedAt !== null || campaign.deadlineAt <= now) return "ended";
  return campaign.startsAt > now ? "scheduled" : "running";
}

/** The tenant's campaigns, the newest first, each with "registered x of y" counted in SQL. */
export async function listCampaignProgress(
  ctx: Context,
  tenant: Tenant,
): Promise<CampaignProgress[]> {
  const db = ctx.store.db;
  const now = ctx.now();
  const [campaigns, groups] = await Promise.all([
    listCampaigns(db, tenant.id),
    listGroups(db, tenant.id),
  ]);
  return Promise.all(
    campaigns.map(async (c) => {
      const counted = await countRegistration(
        db,
        { tenantId: tenant.id, groupId: c.groupId },
        tenant.policy.requiredMethodCount,
      );
      return {
        ...c,
        groupName:
          c.groupId === null ? null : (groups.find((g) => g.id === c.groupId)?.name ?? null),
        state: campaignState(c, now),
        users: counted.users,
        registered: counted.registered,
      };
    }),
  );
}
