import type { Command } from "commander";
import { createGroup } from "../../directory/create-group.ts";
import { findGroup } from "../../directory/find-group.ts";
import { findTenant } from "../../directory/find-tenant.ts";
import { findUser } from "../../directory/find-user.ts";
import { setGroupMember } from "../../directory/set-group-member.ts";
import { listGroupMemberIds, listGroups } from "../../store/queries/groups.ts";
import { listUsers } from "../../store/queries/users.ts";
import { formatTime, runCommand } from "../run-command.ts";

type Common = { tenant?: string; json?: boolean };

export function registerGroup(program: Command): void {
  const group = program.command("group").description("manage groups, which policies can target");
  group
    .command("create <name>")
    .description("create a group")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((name: string, options: Common) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const created = await createGroup(ctx, actor, await findTenant(ctx, options.tenant), name);
        out.print(`created group ${created.name} (${created.id})`, created);
      }),
    );
  group
    .command("list")
    .description("list groups")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Common) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const groups = await listGroups(ctx.store.db, (await findTenant(ctx, options.tenant)).id);
        out.print(
          groups.map((g) => `${g.name}\t${g.id}\t${formatTime(g.createdAt)}`).join("\n"),
          groups,
        );
      }),
    );
  group
    .command("members <name>")
    .description("list a group's members")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((name: string, options: Common) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const tenant = await findTenant(ctx, options.tenant);
        const ids = new Set(
          await listGroupMemberIds(ctx.store.db, (await findGroup(ctx, tenant, name)).id),
        );
        const members = (await listUsers(ctx.store.db, tenant.id)).filter((u) => ids.has(u.id));
        out.print(
          members.map((u) => u.upn).join("\n"),
          members.map((u) => ({ id: u.id, upn: u.upn })),
        );
      }),
    );
  for (const member of [true, false]) {
    group
      .command(`${member ? "add-member" : "remove-member"} <name>`)
      .description(member ? "add a user to a group" : "remove a user from a group")
      .requiredOption("--upn <upn>", "user")
      .option("--tenant <name>", "tenant")
      .option("--json", "print JSON")
      .action((name: string, options: Common & { upn: string }) =>
        runCommand(options, async ({ ctx }, actor, out) => {
          const tenant = await findTenant(ctx, options.tenant);
          const found = await findGroup(ctx, tenant, name);
          const user = await findUser(ctx, tenant, options.upn);
          await setGroupMember(ctx, actor, found, user, member);
          out.print(`${user.upn} ${member ? "added to" : "removed from"} ${found.name}`, {
            group: found.name,
            upn: user.upn,
            member,
          });
        }),
      );
  }
}
