import type { Context } from "../context.ts";
import { auditPage } from "../store/queries/audit-log.ts";
import type { AuditLogTable } from "../store/schema.ts";

export type AuditExportFormat = "csv" | "json";

const columns = [
  "seq",
  "time",
  "tenant_id",
  "actor_type",
  "actor_id",
  "actor_name",
  "action",
  "target_type",
  "target_id",
  "details_json",
  "correlation_id",
  "ip",
  "prev_hash",
  "hash",
] as const;

/**
 * The audit log in chain order as CSV or a JSON array, a thousand entries at a time, for `write`
 * to send on; memory stays flat whatever the size of the log. With `tenantId`, only that
 * tenant's entries (whose links then skip the other tenants' entries).
 */
export async function exportAudit(
  ctx: Context,
  format: AuditExportFormat,
  write: (text: string) => Promise<void> | void,
  tenantId?: string,
): Promise<number> {
  let count = 0;
  await write(format === "csv" ? `${columns.join(",")}\r\n` : "[");
  for (let afterSeq = 0; ; ) {
    const page = await auditPage(ctx.store.db, afterSeq, 1000, tenantId);
    if (page.length === 0) break;
    const lines = page.map((entry, index) =>
      format === "csv"
        ? `${columns.map((column) => csvCell(value(entry, column))).join(",")}\r\n`
        : `${count + index === 0 ? "\n" : ",\n"}${JSON.stringify(jsonEntry(entry))}`,
    );
    await write(lines.join(""));
    count += page.length;
    afterSeq = (page.at(-1) as AuditLogTable).seq;
  }
  if (format === "json") await write(count === 0 ? "]\n" : "\n]\n");
  return count;
}

function value(entry: AuditLogTable, column: (typeof columns)[number]): string {
  if (column === "time") return new Date(entry.time).toISOString();
  const raw = entry[column];
  return raw === null ? "" : String(raw);
}

function jsonEntry(entry: AuditLogTable) {
  return {
    ...entry,
    time: new Date(entry.time).toISOString(),
    details: JSON.parse(entry.details_json),
  };
}

/**
 * One CSV cell (RFC 4180), safe to open in a spreadsheet: a value that would start a formula
 * (= + - @, or a tab or carriage return first) gets a leading apostrophe (OWASP CSV injection).
 */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
