import type { Command } from "commander";
import { findTenant } from "../../directory/find-tenant.ts";
import { findUser } from "../../directory/find-user.ts";
import { removeMethod } from "../../methods/remove-method.ts";
import { activateSoftwareOath } from "../../methods/software-oath/activate.ts";
import { enrolSoftwareOath } from "../../methods/software-oath/enrol.ts";
import type { AuthMethod } from "../../methods/types.ts";
import { parseOtpAlgorithm, parseOtpDigits, parseOtpPeriod } from "../../otp/parameters.ts";
import { listMethods } from "../../store/queries/methods.ts";
import { formatTime, runCommand } from "../run-command.ts";

type Common = { upn: string; tenant?: string; json?: boolean; ticket?: string };

export function registerMethod(program: Command): void {
  const method = program.command("method").description("manage a user's authentication methods");
  method
    .command("add-totp")
    .description("add an authenticator app (pending until activated with a code)")
    .requiredOption("--upn <upn>", "user")
    .option("--tenant <name>", "tenant")
    .option("--label <label>", "entry name: up to 20 letters, digits, _ or -", "Authenticator")
    .option("--algorithm <algorithm>", "SHA1, SHA256 or SHA512", "SHA1")
    .option("--digits <digits>", "6 or 8", "6")
    .option("--period <seconds>", "30 or 60", "30")
    .option("--json", "print JSON")
    .action(
      (options: Common & { label: string; algorithm: string; digits: string; period: string }) =>
        runCommand(options, async ({ ctx }, actor, out) => {
          const parameters = {
            algorithm: parseOtpAlgorithm(options.algorithm),
            digits: parseOtpDigits(options.digits),
            period: parseOtpPeriod(options.period),
          };
          const tenant = await findTenant(ctx, options.tenant);
          const user = await findUser(ctx, tenant, options.upn);
          const enrolment = await enrolSoftwareOath(ctx, actor, tenant, user, {
            label: options.label,
            parameters,
          });
          out.print(
            [
              `id:     ${enrolment.method.id}`,
              `secret: ${enrolment.secret}`,
              `uri:    ${enrolment.otpauthUri}`,
              "pending: activate it with `varco method activate --upn U --id ID --code CODE`",
            ].join("\n"),
            { id: enrolment.method.id, secret: enrolment.secret, otpauthUri: enrolment.otpauthUri },
          );
        }),
    );
  method
    .command("activate")
    .description("activate a pending method with a current code from it")
    .requiredOption("--upn <upn>", "user")
    .requiredOption("--id <id>", "method id")
    .requiredOption("--code <code>", "current code")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Common & { id: string; code: string }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const tenant = await findTenant(ctx, options.tenant);
        const user = await findUser(ctx, tenant, options.upn);
        await activateSoftwareOath(ctx, actor, tenant, user, {
          methodId: options.id,
          code: options.code,
        });
        out.print(`method ${options.id} active`, { id: options.id, state: "active" });
      }),
    );
  method
    .command("list")
    .description("list a user's methods")
    .requiredOption("--upn <upn>", "user")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Common) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const user = await findUser(ctx, await findTenant(ctx, options.tenant), options.upn);
        const methods = await listMethods(ctx.store.db, user.id);
        out.print(
          methods
            .map(
              (m) =>
                `${m.id}\t${m.kind}\t${m.label}\t${m.state}${m.isDefault ? " (default)" : ""}\t` +
                `failed ${m.failedAttempts}\tlast used ${formatTime(m.lastUsedAt)}`,
            )
            .join("\n"),
          methods.map(methodJson),
        );
      }),
    );
  method
    .command("remove")
    .description("remove a method")
    .requiredOption("--upn <upn>", "user")
    .requiredOption("--id <id>", "method id")
    .option("--tenant <name>", "tenant")
    .option(
      "--ticket <reference>",
      "the identity check done (a helpdesk ticket), for the audit log",
    )
    .option("--json", "print JSON")
    .action((options: Common & { id: string }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const user = await findUser(ctx, await findTenant(ctx, options.tenant), options.upn);
        await removeMethod(ctx, actor, user, options.id);
        out.print(`method ${options.id} removed`, { id: options.id, removed: true });
      }),
    );
}

export function methodJson(m: AuthMethod) {
  return {
    id: m.id,
    kind: m.kind,
    label: m.label,
    state: m.state,
    isDefault: m.isDefault,
    failedAttempts: m.failedAttempts,
    createdAt: new Date(m.createdAt).toISOString(),
    lastUsedAt: m.lastUsedAt === null ? null : new Date(m.lastUsedAt).toISOString(),
    ...(m.oath ?? {}),
  };
}
