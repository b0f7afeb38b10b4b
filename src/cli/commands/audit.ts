import type { Command } from "commander";
import { type AuditExportFormat, exportAudit } from "../../audit/export-audit.ts";
import { pruneAudit } from "../../audit/prune-audit.ts";
import { verifyAuditChain } from "../../audit/verify-audit-chain.ts";
import { settings } from "../../config/settings.ts";
import { findTenant } from "../../directory/find-tenant.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { runCommand } from "../run-command.ts";

export function registerAudit(program: Command): void {
  const audit = program.command("audit").description("the audit log");
  audit
    .command("verify")
    .description("check the audit log's hash chain: every entry there, unchanged, in order")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const report = await verifyAuditChain(ctx);
        const problems = report.problems.map((p) => `entry ${p.seq}: ${p.problem}`);
        out.print(
          [
            `${report.entries} entries checked, ${report.beforeChain} from before the chain began`,
            ...problems,
          ].join("\n"),
          report,
        );
        if (report.problems.length > 0) {
          throw new VarcoError("audit_chain_broken", problems.slice(0, 5).join("; "));
        }
      }),
    );
  audit
    .command("prune")
    .description("remove audit entries older than the retention (VARCO_AUDIT_RETENTION_DAYS)")
    .option("--older-than-days <days>", "instead of the configured retention")
    .option("--json", "print JSON")
    .action((options: { olderThanDays?: string; json?: boolean }) =>
      runCommand(options, async ({ ctx, config }, actor, out) => {
        const days =
          options.olderThanDays === undefined
            ? config.auditRetentionDays
            : parseDays(options.olderThanDays);
        if (days === 0) {
          throw new VarcoError("invalid_request", "no retention set: give --older-than-days");
        }
        const removed = await pruneAudit(ctx, actor, days);
        out.print(`${removed} audit entries older than ${days} days removed`, { removed, days });
      }),
    );
  audit
    .command("export")
    .description("write the audit log to standard output, oldest first")
    .option("--format <format>", "csv or json", "csv")
    .option("--tenant <name>", "only this tenant's entries")
    .action((options: { format: string; tenant?: string }) =>
      runCommand({}, async ({ ctx }) => {
        if (options.format !== "csv" && options.format !== "json") {
          throw new VarcoError("invalid_request", "--format is csv or json");
        }
        const tenant = options.tenant ? await findTenant(ctx, options.tenant) : undefined;
        await exportAudit(ctx, options.format as AuditExportFormat, writeOut, tenant?.id);
      }),
    );
}

function parseDays(text: string): number {
  try {
    return settings.auditRetentionDays.parse(text);
  } catch (error) {
    throw new VarcoError("invalid_request", `--older-than-days ${(error as Error).message}`);
  }
}

/** Writes to standard output, waiting when it is full (a pipe to a slow reader). */
function writeOut(text: string): Promise<void> | void {
  if (process.stdout.write(text)) return;
  return new Promise((resolve) => process.stdout.once("drain", () => resolve()));
}
