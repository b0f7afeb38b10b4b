import { recordAudit } from "../../audit/record-audit.ts";
import type { Context } from "../../context.ts";
import { claimPostponement, findCampaignFor } from "../../store/queries/campaigns.ts";
import { userActor } from "../user-actor.ts";
import type { Applied, ContinuationEvent, Continuing } from "./event.ts";

/**
 * "Not now, remind me later" at the registration step, while an enrolment campaign covers the
 * user: one of the campaign's postponements is taken with a conditional update (two sign-ins at
 * once cannot take more than it allows), audited, and the sign-in goes on without a method.
 * Without a campaign, with none left, or when high risk asks for a proof, nothing changes: the
 * registration step is shown again.
 */
export async function applyPostponement(
  ctx: Context,
  { pending, user, client }: Continuing,
  event: Extract<ContinuationEvent, { type: "postponeRegistration" }>,
): Promise<Applied> {
  const { facts } = pending;
  const now = ctx.now();
  if (user.passwordChangeRequiredAt !== null) return { facts };
  const found = await findCampaignFor(ctx.store.db, user.tenantId, user.id, now);
  if (!found) return { facts };
  const { campaign } = found;
  const taken = await ctx.store.transaction(async (tx) => {
    const claimed = await claimPostponement(tx, {
      campaignId: campaign.id,
      userId: user.id,
      allowed: campaign.postponementsAllowed,
      language: event.language,
    });
    if (!claimed) return false;
    await recordAudit(
      tx,
      { now, actor: userActor(user, client), keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Postpone registration",
        targetType: "user",
        targetId: user.id,
        details: {
          upn: user.upn,
          campaignId: campaign.id,
          postponements: found.postponements + 1,
          postponementsAllowed: campaign.postponementsAllowed,
        },
      },
    );
    return true;
  });
  return taken ? { facts: { ...facts, postponedAt: now } } : { facts };
}
