import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { findGroup } from "../directory/find-group.ts";
import type { Tenant } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { type Campaign, insertCampaign } from "../store/queries/campaigns.ts";

export const maxPostponements = 30;
export const maxReminderIntervalDays = 30;

export type CampaignInput = {
  /** A group's name, or null: everyone in the tenant. */
  readonly group: string | null;
  readonly startsAt: number;
  readonly deadlineAt: number;
  /** How often a user may choose "Not now" before the deadline (Entra allows a fixed snooze). */
  readonly postponementsAllowed: number;
  /** Days between two reminder e-mails to one user. */
  readonly reminderIntervalDays: number;
};

const wholeIn = (n: number, min: number, max: number) =>
  Number.isInteger(n) && n >= min && n <= max;

/**
 * Starts an enrolment campaign: until the deadline the users it covers who have not registered
 * may postpone registration as often as it allows, and get reminders; after it, registration
 * is owed at sign-in. Audited with the campaign.
 */
export async function createCampaign(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  input: CampaignInput,
): Promise<Campaign> {
  const now = ctx.now();
  if (!Number.isSafeInteger(input.startsAt) || !Number.isSafeInteger(input.deadlineAt))
    throw new VarcoError("invalid_campaign", "the start and the deadline must be dates");
  if (input.deadlineAt <= input.startsAt || input.deadlineAt <= now)
    throw new VarcoError(
      "invalid_campaign",
      "the deadline must come after the start, in the future",
    );
  if (!wholeIn(input.postponementsAllowed, 0, maxPostponements))
    throw new VarcoError("invalid_campaign", `postponements: 0 to ${maxPostponements}`);
  if (!wholeIn(input.reminderIntervalDays, 1, maxReminderIntervalDays))
    throw new VarcoError(
      "invalid_campaign",
      `reminder interval: 1 to ${maxReminderIntervalDays} days`,
    );
  const group = input.group === null ? null : await findGroup(ctx, tenant, input.group);
  const campaign: Campaign = {
    id: randomUUID(),
    tenantId: tenant.id,
    groupId: group?.id ?? null,
    startsAt: input.startsAt,
    deadlineAt: input.deadlineAt,
    postponementsAllowed: input.postponementsAllowed,
    reminderIntervalDays: input.reminderIntervalDays,
    createdAt: now,
    endedAt: null,
  };
  await ctx.store.transaction(async (tx) => {
    await insertCampaign(tx, {
      id: campaign.id,
      tenant_id: tenant.id,
      group_id: campaign.groupId,
      starts_at: campaign.startsAt,
      deadline_at: campaign.deadlineAt,
      postponements_allowed: campaign.postponementsAllowed,
      reminder_interval_days: campaign.reminderIntervalDays,
      created_at: now,
      ended_at: null,
    });
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Add enrolment campaign",
        targetType: "campaign",
        targetId: campaign.id,
        details: {
          group: group?.name ?? null,
          startsAt: new Date(campaign.startsAt).toISOString(),
          deadlineAt: new Date(campaign.deadlineAt).toISOString(),
          postponementsAllowed: campaign.postponementsAllowed,
          reminderIntervalDays: campaign.reminderIntervalDays,
        },
      },
    );
  });
  return campaign;
}
