import type { Command } from "commander";
import { findTenant } from "../../directory/find-tenant.ts";
import { findUser } from "../../directory/find-user.ts";
import { resolveUserRisk } from "../../risk/resolve-risk.ts";
import { listRiskyUsersPage } from "../../store/queries/risk-pages.ts";
import { formatTime, runCommand } from "../run-command.ts";

type Options = { tenant?: string; json?: boolean; ticket?: string };

/** `varco risk`: users at risk after a fraud report (seed 001), and the administrator's verdict. */
export function registerRisk(program: Command): void {
  const risk = program
    .command("risk")
    .description("risky users: list, confirm compromised, dismiss");
  risk
    .command("list")
    .description("users whose risk is or was raised, most recent first")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Options) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const tenant = await findTenant(ctx, options.tenant);
        const { rows } = await listRiskyUsersPage(ctx.store.db, {
          tenantId: tenant.id,
          filter: [],
          top: 999,
        });
        out.print(
          rows
            .map(
              (r) =>
                `${r.upn}\t${r.risk_level}\t${r.risk_state}\t${r.risk_detail}\t${formatTime(Number(r.updated_at))}`,
            )
            .join("\n"),
          rows.map((r) => ({
            upn: r.upn,
            riskLevel: r.risk_level,
            riskState: r.risk_state,
            riskDetail: r.risk_detail,
            riskLastUpdatedDateTime: new Date(Number(r.updated_at)).toISOString(),
          })),
        );
      }),
    );
  for (const [name, verdict, help] of [
    ["confirm", "confirmCompromised", "confirm the user compromised: the risk stays high"],
    [
      "dismiss",
      "dismiss",
      "dismiss the risk: a fraud report's block and password change are lifted",
    ],
  ] as const) {
    risk
      .command(`${name} <upn>`)
      .description(help)
      .option(
        "--ticket <reference>",
        "the identity check done (a helpdesk ticket), for the audit log",
      )
      .option("--tenant <name>", "tenant")
      .option("--json", "print JSON")
      .action((upn: string, options: Options) =>
        runCommand(options, async ({ ctx }, actor, out) => {
          const user = await findUser(ctx, await findTenant(ctx, options.tenant), upn);
          await resolveUserRisk(ctx, actor, user, verdict);
          out.print(
            `${user.upn}: ${verdict === "dismiss" ? "risk dismissed" : "confirmed compromised"}`,
            {
              upn: user.upn,
              verdict,
            },
          );
        }),
      );
  }
}
