import type { Command } from "commander";
import { findTenant } from "../../directory/find-tenant.ts";
import { findUser } from "../../directory/find-user.ts";
import { assignRole, unassignRole } from "../../roles/assign-role.ts";
import { parseRole, roleDisplayNames, roles } from "../../roles/roles.ts";
import { listRoleAssignments } from "../../store/queries/roles.ts";
import { findUserById } from "../../store/queries/users.ts";
import { runCommand } from "../run-command.ts";

type Options = { upn: string; role: string; tenant?: string; json?: boolean };

/** `varco role`: seed 003's administrator roles, given to users. */
export function registerRole(program: Command): void {
  const role = program.command("role").description(`administrator roles: ${roles.join(", ")}`);
  for (const assign of [true, false]) {
    role
      .command(assign ? "assign" : "unassign")
      .description(assign ? "give a user a role" : "take a role from a user")
      .requiredOption("--upn <upn>", "user")
      .requiredOption("--role <role>", "role")
      .option("--tenant <name>", "tenant")
      .option("--json", "print JSON")
      .action((options: Options) =>
        runCommand(options, async ({ ctx }, actor, out) => {
          const wanted = parseRole(options.role);
          const user = await findUser(ctx, await findTenant(ctx, options.tenant), options.upn);
          await (assign ? assignRole : unassignRole)(ctx, actor, user, wanted);
          out.print(`${user.upn}: ${assign ? "now" : "no longer"} ${roleDisplayNames[wanted]}`, {
            upn: user.upn,
            role: wanted,
            assigned: assign,
          });
        }),
      );
  }
  role
    .command("list")
    .description("list who holds which role (users and API clients)")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Omit<Options, "upn" | "role">) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const tenant = await findTenant(ctx, options.tenant);
        const rows = await Promise.all(
          (await listRoleAssignments(ctx.store.db, tenant.id)).map(async (a) => ({
            role: a.role,
            principalType: a.principalType,
            principalId: a.principalId,
            name:
              a.principalType === "user"
                ? ((await findUserById(ctx.store.db, a.principalId))?.upn ?? null)
                : null,
          })),
        );
        out.print(
          rows.map((r) => `${r.role}\t${r.principalType}\t${r.name ?? r.principalId}`).join("\n"),
          rows,
        );
      }),
    );
}
