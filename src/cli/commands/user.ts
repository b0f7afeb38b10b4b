import type { Command } from "commander";
import { setUserBlocked } from "../../directory/block-user.ts";
import { createUser } from "../../directory/create-user.ts";
import { findTenant } from "../../directory/find-tenant.ts";
import { findUser } from "../../directory/find-user.ts";
import { setPassword } from "../../directory/set-password.ts";
import type { User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { unlockUser } from "../../lockout/unlock-user.ts";
import { requireReregistration } from "../../methods/reregistration.ts";
import { forgetDevices } from "../../remembered-devices/forget-devices.ts";
import { revokeUserSessions } from "../../sessions/revoke-sessions.ts";
import { listLockedOutUsers } from "../../store/queries/lockouts.ts";
import { listMethods } from "../../store/queries/methods.ts";
import { listUsers } from "../../store/queries/users.ts";
import { formatTime, readStdin, runCommand } from "../run-command.ts";
import { methodJson } from "./method.ts";
import { registerUserEdit } from "./user-edit.ts";

type Common = { tenant?: string; json?: boolean; ticket?: string };
type CreateOptions = Common & {
  upn: string;
  displayName?: string;
  passwordStdin?: boolean;
  mail?: string;
  mobilePhone?: string;
  department?: string;
};

export function registerUser(program: Command): void {
  const user = program.command("user").description("manage users");
  user
    .command("create")
    .description("create a user")
    .requiredOption("--upn <upn>", "user principal name, name@domain")
    .option("--tenant <name>", "tenant (default: the default tenant)")
    .option("--display-name <name>", "display name")
    .option("--mail <address>", "e-mail address")
    .option("--mobile-phone <number>", "mobile phone, E.164 such as '+39 333 1234567'")
    .option("--department <name>", "department")
    .option("--password-stdin", "read the password from standard input")
    .option("--json", "print JSON")
    .action((options: CreateOptions) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const tenant = await findTenant(ctx, options.tenant);
        const password = options.passwordStdin ? await readStdin() : undefined;
        const created = await createUser(ctx, actor, tenant, {
          upn: options.upn,
          displayName: options.displayName,
          password,
          mail: options.mail,
          mobilePhone: options.mobilePhone,
          department: options.department,
        });
        out.print(`created user ${created.upn} (${created.id})`, userJson(created));
      }),
    );
  user
    .command("list")
    .description("list users")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Common) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const tenant = await findTenant(ctx, options.tenant);
        const users = await listUsers(ctx.store.db, tenant.id);
        out.print(
          users
            .map((u) => `${u.upn}\t${u.displayName}\t${u.blocked ? "blocked" : "enabled"}\t${u.id}`)
            .join("\n"),
          users.map(userJson),
        );
      }),
    );
  user
    .command("show <upn>")
    .description("show a user and their methods")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((upn: string, options: Common) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const found = await findUser(ctx, await findTenant(ctx, options.tenant), upn);
        const methods = await listMethods(ctx.store.db, found.id);
        const lines = [
          `upn:          ${found.upn}`,
          `display name: ${found.displayName}`,
          `e-mail:       ${found.mail ?? ""}`,
          `mobile phone: ${found.mobilePhone ?? ""}`,
          `department:   ${found.department ?? ""}`,
          `id:           ${found.id}`,
          `status:       ${found.blocked ? `blocked (${found.blockedReason})` : "enabled"}`,
          `created:      ${formatTime(found.createdAt)}`,
          `last sign-in: ${formatTime(found.lastSignInAt)}`,
          `re-register:  ${found.reregisterRequiredAt === null ? "no" : `required since ${formatTime(found.reregisterRequiredAt)}`}`,
          `methods:      ${methods.length}`,
        ];
        out.print(lines.join("\n"), { ...userJson(found), methods: methods.map(methodJson) });
      }),
    );
  user
    .command("set-password <upn>")
    .description("set a user's password, read from standard input")
    .requiredOption("--password-stdin", "read the password from standard input")
    .option(
      "--ticket <reference>",
      "the identity check done (a helpdesk ticket), for the audit log",
    )
    .option(
      "--force-change",
      "the user chooses a new password at the next sign-in (Graph's forceChangePasswordNextSignIn)",
    )
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((upn: string, options: Common & { forceChange?: boolean }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const found = await findUser(ctx, await findTenant(ctx, options.tenant), upn);
        const forceChangeNextSignIn = options.forceChange === true;
        const ended = await setPassword(ctx, actor, found, await readStdin(), {
          forceChangeNextSignIn,
        });
        out.print(
          `password set for ${found.upn}; ${ended.sessionsRevoked} sessions and ${ended.rememberedDevicesRevoked} remembered devices ended${forceChangeNextSignIn ? "; a new password is asked at the next sign-in" : ""}`,
          {
            id: found.id,
            passwordSet: true,
            forceChangePasswordNextSignIn: forceChangeNextSignIn,
            ...ended,
          },
        );
      }),
    );
  user
    .command("locked")
    .description("list the users locked out after too many wrong codes")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Common) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const tenant = await findTenant(ctx, options.tenant);
        const locked = await listLockedOutUsers(
          ctx.store.db,
          tenant.id,
          tenant.policy.lockoutThreshold,
          ctx.now(),
        );
        out.print(
          locked
            .map((u) => `${u.upn}\t${u.failures} failures\tuntil ${formatTime(u.lockedUntil)}`)
            .join("\n"),
          locked.map((u) => ({ ...u, lockedUntil: new Date(u.lockedUntil).toISOString() })),
        );
      }),
    );
  user
    .command("unlock <upn>")
    .description("end a user's lockout now and clear the failed attempts of their methods")
    .option(
      "--ticket <reference>",
      "the identity check done (a helpdesk ticket), for the audit log",
    )
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((upn: string, options: Common) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const tenant = await findTenant(ctx, options.tenant);
        const found = await findUser(ctx, tenant, upn);
        await unlockUser(ctx, actor, tenant, found);
        out.print(`${found.upn} unlocked`, { id: found.id, unlocked: true });
      }),
    );
  user
    .command("revoke-sessions <upn>")
    .description("sign a user out everywhere and forget their remembered devices")
    .option(
      "--ticket <reference>",
      "the identity check done (a helpdesk ticket), for the audit log",
    )
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((upn: string, options: Common) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const found = await findUser(ctx, await findTenant(ctx, options.tenant), upn);
        const sessions = await revokeUserSessions(ctx, actor, found);
        const devices = await forgetDevices(ctx, actor, found);
        out.print(`${found.upn}: ${sessions} sessions ended, ${devices} devices forgotten`, {
          id: found.id,
          sessions,
          devices,
        });
      }),
    );
  user
    .command("require-reregistration <upn>")
    .description("at the next sign-in, the user sets up MFA again before any session starts")
    .option("--remove-methods", "remove the old methods and backup codes now (a lost phone)")
    .option(
      "--ticket <reference>",
      "the identity check done (a helpdesk ticket), for the audit log",
    )
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((upn: string, options: Common & { removeMethods?: boolean }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const found = await findUser(ctx, await findTenant(ctx, options.tenant), upn);
        const { methodsRemoved } = await requireReregistration(ctx, actor, found, {
          removeMethods: options.removeMethods === true,
        });
        out.print(
          `${found.upn} registers MFA again at the next sign-in; ${methodsRemoved} methods removed`,
          { id: found.id, reregistrationRequired: true, methodsRemoved },
        );
      }),
    );
  for (const blocked of [true, false]) {
    user
      .command(`${blocked ? "block" : "unblock"} <upn>`)
      .description(blocked ? "block a user: every sign-in is denied" : "unblock a user")
      .requiredOption("--reason <reason>", "why, for the audit log")
      .option(
        "--ticket <reference>",
        "the identity check done (a helpdesk ticket), for the audit log",
      )
      .option("--tenant <name>", "tenant")
      .option("--json", "print JSON")
      .action((upn: string, options: Common & { reason: string }) =>
        runCommand(options, async ({ ctx }, actor, out) => {
          const found = await findUser(ctx, await findTenant(ctx, options.tenant), upn);
          if (found.blocked === blocked) {
            throw new VarcoError(
              "invalid_request",
              `user '${found.upn}' is already ${blocked ? "blocked" : "unblocked"}`,
            );
          }
          const changed = await setUserBlocked(ctx, actor, found, {
            blocked,
            reason: options.reason,
          });
          out.print(`${changed.upn} ${blocked ? "blocked" : "unblocked"}`, userJson(changed));
        }),
      );
  }
  registerUserEdit(user);
}

export function userJson(u: User) {
  return {
    id: u.id,
    upn: u.upn,
    displayName: u.displayName,
    mail: u.mail,
    mobilePhone: u.mobilePhone,
    department: u.department,
    blocked: u.blocked,
    blockedReason: u.blockedReason,
    createdAt: new Date(u.createdAt).toISOString(),
    lastSignInAt: u.lastSignInAt === null ? null : new Date(u.lastSignInAt).toISOString(),
    reregisterRequiredAt:
      u.reregisterRequiredAt === null ? null : new Date(u.reregisterRequiredAt).toISOString(),
  };
}
