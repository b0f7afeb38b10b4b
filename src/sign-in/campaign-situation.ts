import type { Db } from "../store/open-store.ts";
import { findCampaignFor } from "../store/queries/campaigns.ts";

/** The running enrolment campaign that covers the user, as the gates read it (situation.ts). */
export async function runningCampaignOf(db: Db, tenantId: string, userId: string, now: number) {
  const found = await findCampaignFor(db, tenantId, userId, now);
  if (!found) return undefined;
  return {
    id: found.campaign.id,
    deadlineAt: found.campaign.deadlineAt,
    postponementsLeft: Math.max(0, found.campaign.postponementsAllowed - found.postponements),
  };
}
