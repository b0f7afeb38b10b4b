import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { isBlocked } from "../directory/is-blocked.ts";
import {
  claimReminder,
  listRunningCampaigns,
  releaseReminder,
} from "../store/queries/campaigns.ts";
import { listUnregistered } from "../store/queries/rollout-report.ts";
import { findTenantById } from "../store/queries/tenants.ts";
import { reminderMail } from "./reminder-mail.ts";

const dayMs = 24 * 60 * 60_000;
const system: Actor = { type: "system", id: null, name: "varco" };

/**
 * Sends the reminders that are due: to every user a running campaign covers who has not
 * registered and is not blocked, at most one per the campaign's interval. Each send is claimed first with a
 * conditional update, so two instances on one database send it once; a send that fails gives
 * its claim back for the next run. To the user's e-mail address, or their UPN when none is set.
 * Returns how many went out.
 */
export async function sendCampaignReminders(
  ctx: Context,
  options: { publicUrl: string },
): Promise<{ sent: number; failed: number }> {
  const mail = ctx.mail;
  if (!mail) return { sent: 0, failed: 0 };
  const db = ctx.store.db;
  let sent = 0;
  let failed = 0;
  for (const campaign of await listRunningCampaigns(db, ctx.now())) {
    const tenant = await findTenantById(db, campaign.tenantId);
    if (!tenant) continue;
    const users = await listUnregistered(
      db,
      { tenantId: tenant.id, groupId: campaign.groupId },
      tenant.policy.requiredMethodCount,
    );
    for (const user of users) {
      const now = ctx.now();
      // A blocked user cannot sign in: a reminder to do so would only confuse.
      if (isBlocked(user, now)) continue;
      const to = user.mail ?? user.upn;
      const claimed = await ctx.store.transaction(async (tx) => {
        const claim = await claimReminder(tx, {
          campaignId: campaign.id,
          userId: user.id,
          now,
          intervalMs: campaign.reminderIntervalDays * dayMs,
        });
        if (!claim) return undefined;
        await recordAudit(
          tx,
          { now, actor: system, keyring: ctx.keyring },
          {
            tenantId: tenant.id,
            action: "Send registration reminder",
            targetType: "user",
            targetId: user.id,
            details: { upn: user.upn, campaignId: campaign.id, to },
          },
        );
        return claim;
      });
      if (!claimed) continue;
      const message = reminderMail({
        tenant,
        language: claimed.language,
        deadlineAt: campaign.deadlineAt,
        postponementsLeft: Math.max(0, campaign.postponementsAllowed - claimed.postponements),
        publicUrl: options.publicUrl,
      });
      try {
        await mail.send({ to: [to], ...message });
        sent++;
      } catch {
        failed++;
        await releaseReminder(db, { campaignId: campaign.id, userId: user.id, claimedAt: now });
      }
    }
  }
  return { sent, failed };
}
