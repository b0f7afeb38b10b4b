import type { Command } from "commander";
import { findTenant } from "../../directory/find-tenant.ts";
import { findUser } from "../../directory/find-user.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { issueTemporaryAccessPass } from "../../methods/temporary-access-pass/issue.ts";
import { passState } from "../../methods/temporary-access-pass/pass-state.ts";
import { removeTemporaryAccessPass } from "../../methods/temporary-access-pass/remove.ts";
import { findTemporaryAccessPass } from "../../store/queries/temporary-access-passes.ts";
import { formatTime, runCommand } from "../run-command.ts";

type Common = { upn: string; tenant?: string; json?: boolean; ticket?: string };

const ticketHelp = "the identity check done (a helpdesk ticket), for the audit log";

/** `varco tap`: the Temporary Access Pass of seed 003, issued by the helpdesk. */
export function registerTap(program: Command): void {
  const tap = program
    .command("tap")
    .description("Temporary Access Pass: a time-limited pass to sign in and register methods");
  tap
    .command("create")
    .description("issue a pass (shown once); at most one per user")
    .requiredOption("--upn <upn>", "user")
    .option("--start <time>", "when it starts to work (ISO 8601; default now)")
    .option("--lifetime-minutes <n>", "how long it works (the tenant's default when absent)")
    .option("--once", "one sign-in only")
    .option("--multi-use", "works for every sign-in until it expires")
    .option("--ticket <reference>", ticketHelp)
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action(
      (
        options: Common & {
          start?: string;
          lifetimeMinutes?: string;
          once?: boolean;
          multiUse?: boolean;
        },
      ) =>
        runCommand(options, async ({ ctx }, actor, out) => {
          if (options.once && options.multiUse)
            throw new VarcoError("invalid_request", "give --once or --multi-use, not both");
          const startAt = options.start === undefined ? undefined : Date.parse(options.start);
          if (startAt !== undefined && Number.isNaN(startAt))
            throw new VarcoError("invalid_request", "--start must be an ISO 8601 time");
          if (options.lifetimeMinutes !== undefined && !/^\d+$/.test(options.lifetimeMinutes))
            throw new VarcoError("invalid_request", "--lifetime-minutes must be a whole number");
          const tenant = await findTenant(ctx, options.tenant);
          const user = await findUser(ctx, tenant, options.upn);
          const issued = await issueTemporaryAccessPass(ctx, actor, tenant, user, {
            startAt,
            lifetimeMinutes:
              options.lifetimeMinutes === undefined ? undefined : Number(options.lifetimeMinutes),
            usableOnce: options.once ? true : options.multiUse ? false : undefined,
          });
          out.print(
            [
              `pass:    ${issued.pass}`,
              `from:    ${formatTime(issued.startAt)}`,
              `until:   ${formatTime(issued.expiresAt)}`,
              `use:     ${issued.usableOnce ? "one sign-in" : "every sign-in until it expires"}`,
              "give it to the user now: it is not shown again",
            ].join("\n"),
            {
              id: issued.id,
              temporaryAccessPass: issued.pass,
              startDateTime: new Date(issued.startAt).toISOString(),
              lifetimeInMinutes: issued.lifetimeMinutes,
              isUsableOnce: issued.usableOnce,
            },
          );
        }),
    );
  tap
    .command("show")
    .description("show the user's pass, without the pass itself")
    .requiredOption("--upn <upn>", "user")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Common) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const user = await findUser(ctx, await findTenant(ctx, options.tenant), options.upn);
        const pass = await findTemporaryAccessPass(ctx.store.db, user.id);
        if (!pass) throw new VarcoError("temporary_access_pass_not_found");
        const state = passState(pass, ctx.now());
        out.print(
          [
            `state:     ${state}`,
            `from:      ${formatTime(pass.startAt)}`,
            `until:     ${formatTime(pass.expiresAt)}`,
            `use:       ${pass.usableOnce ? "one sign-in" : "every sign-in until it expires"}`,
            `last used: ${formatTime(pass.lastUsedAt)}`,
          ].join("\n"),
          {
            id: pass.id,
            createdDateTime: new Date(pass.createdAt).toISOString(),
            startDateTime: new Date(pass.startAt).toISOString(),
            lifetimeInMinutes: Math.round((pass.expiresAt - pass.startAt) / 60_000),
            isUsableOnce: pass.usableOnce,
            isUsable: state === "active",
            methodUsabilityReason: state,
            lastUsedDateTime:
              pass.lastUsedAt === null ? null : new Date(pass.lastUsedAt).toISOString(),
          },
        );
      }),
    );
  tap
    .command("remove")
    .description("delete the user's pass: it stops working at once")
    .requiredOption("--upn <upn>", "user")
    .option("--ticket <reference>", ticketHelp)
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Common) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const user = await findUser(ctx, await findTenant(ctx, options.tenant), options.upn);
        await removeTemporaryAccessPass(ctx, actor, user);
        out.print(`${user.upn}: Temporary Access Pass deleted`, { id: user.id, removed: true });
      }),
    );
}
