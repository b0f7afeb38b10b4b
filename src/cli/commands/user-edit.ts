import type { Command } from "commander";
import { setUserBlocked } from "../../directory/block-user.ts";
import { deleteUser } from "../../directory/delete-user.ts";
import { findTenant } from "../../directory/find-tenant.ts";
import { findUser } from "../../directory/find-user.ts";
import { isBlocked } from "../../directory/is-blocked.ts";
import { updateUser } from "../../directory/update-user.ts";
import { checkProfile } from "../../directory/user-profile.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { runCommand } from "../run-command.ts";
import { userJson } from "./user.ts";

type Common = { tenant?: string; json?: boolean; ticket?: string };
type UpdateOptions = Common & {
  displayName?: string;
  mail?: string;
  mobilePhone?: string;
  department?: string;
  enabled?: boolean;
  reason?: string;
};

/** `varco user update` and `varco user delete`: the admin API's PATCH and DELETE of a user. */
export function registerUserEdit(user: Command): void {
  user
    .command("update <upn>")
    .description("change a user's display name, e-mail, mobile phone, department or status")
    .option("--display-name <name>", "display name")
    .option("--mail <address>", "e-mail address ('' clears it)")
    .option("--mobile-phone <number>", "mobile phone, E.164 such as '+39 333 1234567' ('' clears)")
    .option("--department <name>", "department ('' clears it)")
    .option("--enabled", "lift the block (needs --reason)")
    .option("--no-enabled", "block sign-in (needs --reason)")
    .option("--reason <reason>", "why the status changes, for the audit log")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((upn: string, options: UpdateOptions) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        let found = await findUser(ctx, await findTenant(ctx, options.tenant), upn);
        const profile = {
          displayName: options.displayName,
          mail: options.mail,
          mobilePhone: options.mobilePhone,
          department: options.department,
        };
        checkProfile(profile);
        if (options.enabled !== undefined) {
          if (options.reason === undefined) {
            throw new VarcoError("invalid_reason", "give --reason for the audit log");
          }
          if (isBlocked(found, ctx.now()) === !options.enabled) {
            throw new VarcoError(
              "invalid_request",
              `user '${found.upn}' is already ${options.enabled ? "enabled" : "blocked"}`,
            );
          }
        }
        found = await updateUser(ctx, actor, found, profile);
        if (options.enabled !== undefined) {
          found = await setUserBlocked(ctx, actor, found, {
            blocked: !options.enabled,
            reason: options.reason ?? "",
          });
        }
        out.print(`updated ${found.upn}`, userJson(found));
      }),
    );
  user
    .command("delete <upn>")
    .description(
      "delete a user with their methods, sessions and roles (the sign-in and audit logs stay)",
    )
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((upn: string, options: Common) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const found = await findUser(ctx, await findTenant(ctx, options.tenant), upn);
        await deleteUser(ctx, actor, found);
        out.print(`deleted user ${found.upn}`, { id: found.id, upn: found.upn, deleted: true });
      }),
    );
}
