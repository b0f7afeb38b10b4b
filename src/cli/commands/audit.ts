import type { Command } from "commander";
import { type AuditExportFormat, exportAudit } from "../../audit/export-audit.ts";
import { pruneAudit } from "../../audit/prune-audit.ts";
import { type AuditChainProblem, verifyAuditChain } from "../../audit/verify-audit-chain.ts";
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
        const keys = Object.entries(report.keys).map(([id, count]) => `${id} (${count})`);
        out.print(
          [
            `${report.entries} entries checked, ${report.beforeChain} from before the chain began`,
            ...(keys.length ? [`hashed under master keys: ${keys.join(", ")}`] : []),
            ...report.problems.map((p) => `entry ${p.seq}: ${p.problem}: ${meaning[p.problem]}`),
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

/** What each problem means, for the operator reading the report. */
const meaning: Record<AuditChainProblem["problem"], string> = {
  missing: "no entry at this place: deleted",
  altered: "the entry or its link to the one before does not match its hash: changed or moved",
  unknown_key:
    "hashed or sealed under a master key that is not loaded: add it to VARCO_PREVIOUS_MASTER_KEYS",
  unchained_after_chain: "no hash where the chain covers the entry: its hash was removed",
  end_mismatch: "the chain's recorded end is not its last entry",
  end_forged:
    "the chain's end is not sealed by the master key: newest entries cut off, or the chain rewritten",
  start_forged:
    "where the chain begins is not sealed by the master key: oldest entries dropped, or a pruning checkpoint forged",
  unrecorded_prune: "the chain's start moved without a Prune audit log entry",
};

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
