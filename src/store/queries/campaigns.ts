import { sql } from "kysely";
import type { Db } from "../open-store.ts";
import type { EnrolmentCampaignsTable } from "../schema.ts";

export type Campaign = {
  readonly id: string;
  readonly tenantId: string;
  readonly groupId: string | null;
  readonly startsAt: number;
  readonly deadlineAt: number;
  readonly postponementsAllowed: number;
  readonly reminderIntervalDays: number;
  readonly createdAt: number;
  readonly endedAt: number | null;
};

const toCampaign = (r: EnrolmentCampaignsTable): Campaign => ({
  id: r.id,
  tenantId: r.tenant_id,
  groupId: r.group_id,
  startsAt: Number(r.starts_at),
  deadlineAt: Number(r.deadline_at),
  postponementsAllowed: Number(r.postponements_allowed),
  reminderIntervalDays: Number(r.reminder_interval_days),
  createdAt: Number(r.created_at),
  endedAt: r.ended_at === null ? null : Number(r.ended_at),
});

export async function insertCampaign(db: Db, row: EnrolmentCampaignsTable): Promise<void> {
  await db.insertInto("enrolment_campaigns").values(row).execute();
}

export async function findCampaign(db: Db, tenantId: string, id: string) {
  const row = await db
    .selectFrom("enrolment_campaigns")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toCampaign(row);
}

/** The tenant's campaigns, the newest first. */
export async function listCampaigns(db: Db, tenantId: string, limit = 100): Promise<Campaign[]> {
  const rows = await db
    .selectFrom("enrolment_campaigns")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map(toCampaign);
}

/** Ends a running campaign; false when it had ended already. */
export async function markCampaignEnded(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("enrolment_campaigns")
    .set({ ended_at: now })
    .where("id", "=", id)
    .where("ended_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Campaigns of every tenant that run now: started, before their deadline, not ended. */
export async function listRunningCampaigns(db: Db, now: number): Promise<Campaign[]> {
  const rows = await db
    .selectFrom("enrolment_campaigns")
    .selectAll()
    .where("ended_at", "is", null)
    .where("starts_at", "<=", now)
    .where("deadline_at", ">", now)
    .execute();
  return rows.map(toCampaign);
}

/**
 * The running campaign that covers `userId` (everyone's, or a group's they belong to), the one
 * with the latest deadline when several do, and how often the user postponed in it.
 */
export async function findCampaignFor(db: Db, tenantId: string, userId: string, now: number) {
  const row = await db
    .selectFrom("enrolment_campaigns as c")
    .leftJoin("campaign_users as cu", (join) =>
      join.onRef("cu.campaign_id", "=", "c.id").on("cu.user_id", "=", userId),
    )
    .selectAll("c")
    .select(sql<number | null>`cu.postponements`.as("postponements"))
    .where("c.tenant_id", "=", tenantId)
    .where("c.ended_at", "is", null)
    .where("c.starts_at", "<=", now)
    .where("c.deadline_at", ">", now)
    .where((eb) =>
      eb.or([
        eb("c.group_id", "is", null),
        eb.exists(
          eb
            .selectFrom("group_members as gm")
            .select("gm.user_id")
            .whereRef("gm.group_id", "=", "c.group_id")
            .where("gm.user_id", "=", userId),
        ),
      ]),
    )
    .orderBy("c.deadline_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const { postponements, ...campaign } = row;
  return { campaign: toCampaign(campaign), postponements: Number(postponements ?? 0) };
}

async function ensureCampaignUser(db: Db, campaignId: string, userId: string) {
  await db
    .insertInto("campaign_users")
    .values({
      campaign_id: campaignId,
      user_id: userId,
      postponements: 0,
      last_reminded_at: null,
      language: null,
    })
    .onConflict((oc) => oc.columns(["campaign_id", "user_id"]).doNothing())
    .execute();
}

/**
 * Takes one of the user's postponements, if any is left: a conditional update, so that two
 * sign-ins at once cannot postpone more often than the campaign allows.
 */
export async function claimPostponement(
  db: Db,
  input: { campaignId: string; userId: string; allowed: number; language: string | null },
): Promise<boolean> {
  await ensureCampaignUser(db, input.campaignId, input.userId);
  const result = await db
    .updateTable("campaign_users")
    .set((eb) => ({
      postponements: eb("postponements", "+", 1),
      ...(input.language ? { language: input.language } : {}),
    }))
    .where("campaign_id", "=", input.campaignId)
    .where("user_id", "=", input.userId)
    .where("postponements", "<", input.allowed)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Claims the reminder of this interval for a user: only one instance, and only once per
 * interval, wins (`last_reminded_at` moves only when it is older than the interval). Returns
 * the language the user last saw the pages in and the postponements used, when claimed.
 */
export async function claimReminder(
  db: Db,
  input: { campaignId: string; userId: string; now: number; intervalMs: number },
): Promise<{ language: string | null; postponements: number } | undefined> {
  await ensureCampaignUser(db, input.campaignId, input.userId);
  const result = await db
    .updateTable("campaign_users")
    .set({ last_reminded_at: input.now })
    .where("campaign_id", "=", input.campaignId)
    .where("user_id", "=", input.userId)
    .where((eb) =>
      eb.or([
        eb("last_reminded_at", "is", null),
        eb("last_reminded_at", "<=", input.now - input.intervalMs),
      ]),
    )
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return undefined;
  const row = await db
    .selectFrom("campaign_users")
    .select(["language", "postponements"])
    .where("campaign_id", "=", input.campaignId)
    .where("user_id", "=", input.userId)
    .executeTakeFirst();
  return { language: row?.language ?? null, postponements: Number(row?.postponements ?? 0) };
}

/** Gives back a reminder claim whose e-mail could not be sent, so the next run tries again. */
export async function releaseReminder(
  db: Db,
  input: { campaignId: string; userId: string; claimedAt: number },
): Promise<void> {
  await db
    .updateTable("campaign_users")
    .set({ last_reminded_at: null })
    .where("campaign_id", "=", input.campaignId)
    .where("user_id", "=", input.userId)
    .where("last_reminded_at", "=", input.claimedAt)
    .execute();
}
