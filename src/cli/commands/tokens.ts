import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { findTenant } from "../../directory/find-tenant.ts";
import { findUser } from "../../directory/find-user.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { assignToken } from "../../hardware-tokens/assign-token.ts";
import { errorCsvHeader, errorCsvLine } from "../../hardware-tokens/formats/token-csv.ts";
import { openImportFile, parseImportFormat } from "../../hardware-tokens/import-file.ts";
import { importTokens } from "../../hardware-tokens/import-tokens.ts";
import { resyncHotpToken } from "../../hardware-tokens/resync-hotp.ts";
import { activateSoftwareOath } from "../../methods/software-oath/activate.ts";
import {
  findTokenBySerial,
  type HardwareToken,
  listTokensPage,
} from "../../store/queries/hardware-tokens.ts";
import { findUserById } from "../../store/queries/users.ts";
import { formatTime, runCommand } from "../run-command.ts";

type Options = { tenant?: string; json?: boolean };

/** `varco tokens`: seed 001 "Token OATH" and seed 002, the hardware token inventory. */
export function registerTokens(program: Command): void {
  const tokens = program.command("tokens").description("hardware OATH tokens");
  tokens
    .command("import <file>")
    .description("import tokens from CSV (seed format or privacyIDEA) or PSKC, row by row")
    .option(
      "--format <format>",
      "seed, privacyidea or pskc (default: pskc for .xml/.pskc, else seed)",
    )
    .option("--psk-file <file>", "PSKC: a file holding the pre-shared key in hex")
    .option("--errors <file>", "where to write the rows refused, as CSV (default: FILE.errors.csv)")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action(
      (file: string, options: Options & { format?: string; pskFile?: string; errors?: string }) =>
        runCommand(options, async ({ ctx }, actor, out) => {
          const format = parseImportFormat(options.format, file);
          const psk = options.pskFile
            ? Buffer.from((await readFile(options.pskFile, "utf8")).trim(), "hex")
            : undefined;
          const tenant = await findTenant(ctx, options.tenant);
          const input = await openImportFile(file, format, psk);
          const errorsPath = options.errors ?? `${file}.errors.csv`;
          let errors: ReturnType<typeof createWriteStream> | undefined;
          const progress = progressBar(input.size, input.bytesRead);
          const summary = await importTokens(ctx, actor, tenant, input.rows, {
            onRefused: (row) => {
              if (!errors) {
                errors = createWriteStream(errorsPath, { mode: 0o600 });
                errors.write(errorCsvHeader(format));
              }
              errors.write(errorCsvLine(row));
            },
            onBatch: (counts) => progress.update(counts.imported + counts.failed),
          });
          progress.done();
          const stream = errors;
          if (stream) await new Promise<void>((resolve) => stream.end(resolve));
          out.print(
            `${summary.imported} tokens imported (${summary.assigned} assigned), ${summary.failed} rows refused` +
              (summary.failed > 0 ? `: see ${errorsPath}` : ""),
            { ...summary, errorsFile: summary.failed > 0 ? errorsPath : null },
          );
        }),
    );
  tokens
    .command("list")
    .description("list the inventory (never the seeds)")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Options) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const tenant = await findTenant(ctx, options.tenant);
        const all: HardwareToken[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await listTokensPage(ctx.store.db, {
            tenantId: tenant.id,
            filter: [],
            top: 1000,
            ...(after === undefined ? {} : { afterSerial: after }),
          });
          all.push(...page.tokens);
          if (!page.more) break;
          after = page.tokens.at(-1)?.serialNumber;
        }
        out.print(
          all
            .map(
              (t) =>
                `${t.serialNumber}\t${t.oathType}\t${t.manufacturer} ${t.model}\t${t.status}\t${t.upn ?? "-"}\t${formatTime(t.assignedAt)}`,
            )
            .join("\n"),
          all.map(tokenJson),
        );
      }),
    );
  tokens
    .command("assign")
    .description("give a token to a user; it is pending until activated with a code")
    .requiredOption("--serial <serial>", "serial number")
    .requiredOption("--upn <upn>", "user")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Options & { serial: string; upn: string }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const tenant = await findTenant(ctx, options.tenant);
        const user = await findUser(ctx, tenant, options.upn);
        const token = await assignToken(ctx, actor, tenant, user, options.serial);
        out.print(
          `${token.serialNumber} assigned to ${user.upn}: activate it with a code`,
          tokenJson(token),
        );
      }),
    );
  tokens
    .command("activate")
    .description("activate an assigned token with the code it shows now")
    .requiredOption("--serial <serial>", "serial number")
    .requiredOption("--code <code>", "the code the token shows now")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Options & { serial: string; code: string }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const tenant = await findTenant(ctx, options.tenant);
        const token = await findTokenBySerial(ctx.store.db, tenant.id, options.serial);
        if (!token) throw new VarcoError("hardware_token_not_found");
        const user = token.userId ? await findUserById(ctx.store.db, token.userId) : undefined;
        if (!user) throw new VarcoError("invalid_request", "assign the token to a user first");
        await activateSoftwareOath(ctx, actor, tenant, user, {
          methodId: token.id,
          code: options.code,
        });
        out.print(`${token.serialNumber} active for ${user.upn}`, {
          ...tokenJson(token),
          status: "activated",
        });
      }),
    );
  tokens
    .command("resync")
    .description("find an HOTP token's counter again from two consecutive codes")
    .requiredOption("--serial <serial>", "serial number")
    .requiredOption("--codes <first,second>", "two consecutive codes, comma-separated")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Options & { serial: string; codes: string }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const [first = "", second = ""] = options.codes.split(",");
        const tenant = await findTenant(ctx, options.tenant);
        await resyncHotpToken(ctx, actor, tenant, { serialNumber: options.serial, first, second });
        out.print(`${options.serial} resynchronised`, {
          serialNumber: options.serial,
          resynchronised: true,
        });
      }),
    );
}

function tokenJson(t: HardwareToken) {
  return {
    id: t.id,
    serialNumber: t.serialNumber,
    manufacturer: t.manufacturer,
    model: t.model,
    oathType: t.oathType,
    status: t.status,
    upn: t.upn,
    assignedAt: t.assignedAt === null ? null : new Date(t.assignedAt).toISOString(),
  };
}

/** A progress bar on standard error while a person watches; nothing when output is piped. */
function progressBar(size: number, bytesRead: () => number) {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  const draw = (rows: number) => {
    const share = size > 0 ? Math.min(1, bytesRead() / size) : 1;
    const filled = Math.round(share * 30);
    process.stderr.write(
      `\r[${"#".repeat(filled)}${".".repeat(30 - filled)}] ${Math.round(share * 100)}% ${rows} rows`,
    );
  };
  return {
    update(rows: number) {
      if (!tty || Date.now() - last < 100) return;
      last = Date.now();
      draw(rows);
    },
    done() {
      if (tty) process.stderr.write("\n");
    },
  };
}
