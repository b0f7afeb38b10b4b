import type { Command } from "commander";
import { parseCampaignDate } from "../../campaigns/campaign-dates.ts";
import { listCampaignProgress } from "../../campaigns/campaign-progress.ts";
import { createCampaign } from "../../campaigns/create-campaign.ts";
import { endCampaign } from "../../campaigns/end-campaign.ts";
import { findTenant } from "../../directory/find-tenant.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { formatTime, runCommand } from "../run-command.ts";

type Common = { tenant?: string; json?: boolean };
type CreateOptions = Common & {
  group?: string;
  everyone?: boolean;
  start?: string;
  deadline: string;
  postponements: string;
  reminderDays: string;
};

const whole = (text: string, name: string) => {
  if (!/^\d{1,4}$/.test(text.trim()))
    throw new VarcoError("invalid_campaign", `${name}: a whole number`);
  return Number(text);
};

export function registerCampaign(program: Command): void {
  const campaign = program
    .command("campaign")
    .description("enrolment campaigns: register by a deadline, postpone until then, reminders");
  campaign
    .command("create")
    .description("start a campaign for a group or everyone")
    .option("--group <name>", "the group it covers")
    .option("--everyone", "it covers every user of the tenant")
    .option("--start <date>", "YYYY-MM-DD in the tenant's time zone (default: now)")
    .requiredOption("--deadline <date>", "YYYY-MM-DD: registration is owed after this day")
    .option("--postponements <n>", 'times a user may choose "Not now" before the deadline', "3")
    .option("--reminder-days <n>", "days between reminder e-mails to one user", "7")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: CreateOptions) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        if (Boolean(options.group) === Boolean(options.everyone))
          throw new VarcoError("invalid_campaign", "name one: --group <name> or --everyone");
        const tenant = await findTenant(ctx, options.tenant);
        const zone = tenant.policy.timeZone;
        const created = await createCampaign(ctx, actor, tenant, {
          group: options.group ?? null,
          startsAt: options.start ? parseCampaignDate(options.start, zone, "start") : ctx.now(),
          deadlineAt: parseCampaignDate(options.deadline, zone, "end"),
          postponementsAllowed: whole(options.postponements, "--postponements"),
          reminderIntervalDays: whole(options.reminderDays, "--reminder-days"),
        });
        out.print(
          `created campaign ${created.id}: deadline ${formatTime(created.deadlineAt)}`,
          created,
        );
      }),
    );
  campaign
    .command("list")
    .description("list campaigns with their progress (registered x of y)")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Common) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const all = await listCampaignProgress(ctx, await findTenant(ctx, options.tenant));
        out.print(
          all
            .map((c) =>
              [
                c.id,
                c.groupName ?? "everyone",
                c.state,
                `${formatTime(c.startsAt)} → ${formatTime(c.deadlineAt)}`,
                `registered ${c.registered} of ${c.users}`,
              ].join("\t"),
            )
            .join("\n"),
          all,
        );
      }),
    );
  campaign
    .command("end <id>")
    .description("end a campaign now: postponing stops, no more reminders")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((id: string, options: Common) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        await endCampaign(ctx, actor, await findTenant(ctx, options.tenant), id);
        out.print(`ended campaign ${id}`, { id, ended: true });
      }),
    );
}
