import type { FastifyBaseLogger } from "fastify";
import { pruneAudit } from "../audit/prune-audit.ts";
import { sendCampaignReminders } from "../campaigns/send-reminders.ts";
import type { Config } from "../config/settings.ts";
import type { Actor, Context } from "../context.ts";
import { syncDueDirectories } from "../directory/ldap/sync-due-directories.ts";
import { pruneSignInLog } from "../sign-in/prune-sign-in-log.ts";
import { sweepExpired } from "../store/sweep-expired.ts";
import { runPeriodically } from "./run-periodically.ts";

const hour = 60 * 60_000;
const day = 24 * hour;
const system: Actor = { type: "system", id: null, name: "varco" };

/**
 * What `varco serve` does besides answering: sweeps expired rows and sends enrolment campaigns'
 * registration reminders hourly, syncs the directories whose interval has passed (looked at
 * every minute), and prunes the audit and sign-in logs daily when a retention is set. Each task
 * logs what it removed, or why it
 * failed, and runs again later. Returns a stop function.
 */
export function startHousekeeping(
  ctx: Context,
  config: Pick<Config, "auditRetentionDays" | "signInLogRetentionDays" | "publicUrl">,
  log: FastifyBaseLogger,
): () => void {
  const periodically = (
    everyMs: number,
    messages: { done: string; failed: string },
    task: () => Promise<unknown>,
  ) =>
    runPeriodically(everyMs, task, (outcome) =>
      "error" in outcome
        ? log.error({ err: outcome.error }, messages.failed)
        : log.info({ removed: outcome.done }, messages.done),
    );
  const { auditRetentionDays, signInLogRetentionDays } = config;
  const stops = [
    periodically(hour, { done: "expired rows swept", failed: "sweeping expired rows failed" }, () =>
      sweepExpired(ctx.store.db, ctx.now()),
    ),
    runPeriodically(
      60_000,
      () => syncDueDirectories(ctx),
      (outcome) => {
        if ("error" in outcome) log.error({ err: outcome.error }, "directory sync failed");
        else
          for (const sync of outcome.done) {
            if ("error" in sync)
              log.error({ tenant: sync.tenant, reason: sync.error }, "directory sync failed");
            else log.info({ tenant: sync.tenant, ...sync.summary }, "directory synced");
          }
      },
    ),
    // Enrolment campaigns' reminders: due ones go out within the hour, each once per interval.
    periodically(
      hour,
      { done: "registration reminders sent", failed: "registration reminders failed" },
      () => sendCampaignReminders(ctx, { publicUrl: config.publicUrl }),
    ),
  ];
  if (auditRetentionDays > 0) {
    stops.push(
      periodically(day, { done: "audit log pruned", failed: "audit pruning failed" }, () =>
        pruneAudit(ctx, system, auditRetentionDays),
      ),
    );
  }
  if (signInLogRetentionDays > 0) {
    stops.push(
      periodically(day, { done: "sign-in log pruned", failed: "sign-in log pruning failed" }, () =>
        pruneSignInLog(ctx, system, signInLogRetentionDays),
      ),
    );
  }
  return () => {
    for (const stop of stops) stop();
  };
}
