import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Command } from "commander";
import { bulkCreateUsers } from "../../directory/bulk/bulk-create-users.ts";
import { bulkDeleteUsers } from "../../directory/bulk/bulk-delete-users.ts";
import {
  bulkErrorCsvHeader,
  bulkErrorCsvLine,
  type RefusedUserRow,
} from "../../directory/bulk/bulk-error-csv.ts";
import { createColumns, deleteColumns } from "../../directory/bulk/bulk-templates.ts";
import { readEntraCsv } from "../../directory/bulk/entra-csv.ts";
import { findTenant } from "../../directory/find-tenant.ts";
import { runCommand } from "../run-command.ts";

type Options = { tenant?: string; json?: boolean; errors?: string };

/** `varco users`: Entra's bulk create and bulk delete, from its CSV templates. */
export function registerUsers(program: Command): void {
  const users = program
    .command("users")
    .description("create or delete many users from a CSV file (Entra's bulk templates)");
  users
    .command("import <file>")
    .description(
      "create the users of a bulk-create CSV (version:v1.0, Name [displayName], User name [userPrincipalName], …)",
    )
    .option("--errors <file>", "where to write the rows refused, as CSV (default: FILE.errors.csv)")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((file: string, options: Options) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const tenant = await findTenant(ctx, options.tenant);
        const input = await openFile(file);
        const errors = errorFile(options.errors ?? `${file}.errors.csv`, "create");
        const progress = progressLine(input.size, input.bytesRead);
        const summary = await bulkCreateUsers(
          ctx,
          actor,
          tenant,
          readEntraCsv(input.stream, createColumns),
          {
            onRefused: errors.write,
            onBatch: (counts) =>
              progress.update(`${counts.created} created, ${counts.failed} refused`),
          },
        );
        progress.done();
        const errorsFile = await errors.close();
        out.print(
          `${summary.created} users created, ${summary.failed} rows refused` +
            (errorsFile ? `: see ${errorsFile}` : ""),
          { ...summary, errorsFile },
        );
      }),
    );
  users
    .command("delete <file>")
    .description(
      "delete the users of a bulk-delete CSV (version:v1.0, User name [userPrincipalName]); the logs keep their entries",
    )
    .option("--errors <file>", "where to write the rows refused, as CSV (default: FILE.errors.csv)")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((file: string, options: Options) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const tenant = await findTenant(ctx, options.tenant);
        const input = await openFile(file);
        const errors = errorFile(options.errors ?? `${file}.errors.csv`, "delete");
        const progress = progressLine(input.size, input.bytesRead);
        const summary = await bulkDeleteUsers(
          ctx,
          actor,
          tenant,
          readEntraCsv(input.stream, deleteColumns),
          {
            // The CLI runs with the data folder's keys: it may do anything the rules allow.
            mayDelete: () => true,
            onRefused: errors.write,
            onBatch: (counts) =>
              progress.update(`${counts.deleted} deleted, ${counts.failed} refused`),
          },
        );
        progress.done();
        const errorsFile = await errors.close();
        out.print(
          `${summary.deleted} users deleted, ${summary.failed} rows refused` +
            (errorsFile ? `: see ${errorsFile}` : ""),
          { ...summary, errorsFile },
        );
      }),
    );
}

async function openFile(path: string) {
  const { size } = await stat(path);
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  return { stream, size, bytesRead: () => stream.bytesRead };
}

/** The error CSV, created (0600: it names users) with the first refused row only. */
function errorFile(path: string, kind: "create" | "delete") {
  let stream: WriteStream | undefined;
  return {
    write: (row: RefusedUserRow) => {
      if (!stream) {
        stream = createWriteStream(path, { mode: 0o600 });
        stream.write(bulkErrorCsvHeader(kind));
      }
      stream.write(bulkErrorCsvLine(kind, row));
    },
    async close(): Promise<string | null> {
      const open = stream;
      if (!open) return null;
      await new Promise<void>((resolve, reject) => {
        open.on("error", reject);
        open.end(resolve);
      });
      return path;
    },
  };
}

/** A progress line on standard error while a person watches; nothing when it is piped. */
function progressLine(size: number, bytesRead: () => number) {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(counts: string) {
      if (!tty || Date.now() - last < 100) return;
      last = Date.now();
      const share = size > 0 ? Math.min(1, bytesRead() / size) : 1;
      const filled = Math.round(share * 30);
      process.stderr.write(
        `\r[${"#".repeat(filled)}${".".repeat(30 - filled)}] ${Math.round(share * 100)}% ${counts}`,
      );
    },
    done() {
      if (tty) process.stderr.write("\n");
    },
  };
}
