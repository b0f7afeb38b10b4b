import { recordAudit } from "../../audit/record-audit.ts";
import type { Context } from "../../context.ts";
import { isBlocked } from "../../directory/is-blocked.ts";
import { checkPassword } from "../../directory/password-rules.ts";
import { setPassword } from "../../directory/set-password.ts";
import type { User } from "../../directory/types.ts";
import { checkUpn, upnKey } from "../../directory/upn.ts";
import { checkProfile } from "../../directory/user-profile.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { isUniqueViolation } from "../../store/is-unique-violation.ts";
import { findScimUser, type ScimUserRow, updateScimUserRow } from "../../store/queries/scim.ts";
import type { UsersTable } from "../../store/schema.ts";
import type { Json } from "../attributes.ts";
import type { ScimCaller } from "../tokens/authenticate-scim-token.ts";
import { isProvisioningBlock, provisioningBlockReason } from "./provisioning-block.ts";
import { readUserInput } from "./read-user-input.ts";
import { refusePrivilegedUser } from "./refuse-privileged-user.ts";

type Change = { readonly key: string; readonly before: unknown; readonly after: unknown };

/**
 * SCIM's replace (RFC 7644 section 3.5.1), and the end of every PATCH: the user becomes what the
 * body says. Everything is checked before anything is written; the changes land in one
 * transaction with their audit entries ("Update user", and "Block user" or "Unblock user"). A
 * `password` is checked first and set last, through the same path as an administrator's reset
 * (it ends the user's sessions and remembered devices).
 */
export async function replaceScimUser(
  ctx: Context,
  caller: ScimCaller,
  current: ScimUserRow,
  body: Json,
): Promise<ScimUserRow> {
  const input = readUserInput(body);
  const { user } = current;
  const upn = checkUpn(input.userName);
  const profile = checkProfile({
    displayName: input.displayName ?? upn,
    mail: input.mail,
    mobilePhone: input.mobilePhone,
    department: input.department,
  });
  const now = ctx.now();
  const block = input.active === false && !isBlocked(user, now);
  const unblock = input.active === true && isProvisioningBlock(user);
  const changes: Change[] = [
    change("userName", user.upn, upn),
    change("displayName", user.displayName, profile.displayName),
    change("mail", user.mail, profile.mail),
    change("mobilePhone", user.mobilePhone, profile.mobilePhone),
    change("department", user.department, profile.department),
    change("externalId", current.externalId, input.externalId),
    change("givenName", current.givenName, input.givenName),
    change("familyName", current.familyName, input.familyName),
  ].filter((item): item is Change => item !== undefined);
  const renamed = changes.some((item) => item.key === "userName");
  if (renamed || block || unblock || input.password !== undefined) {
    await refusePrivilegedUser(
      ctx,
      user,
      input.password !== undefined
        ? "set the password of"
        : renamed
          ? "rename"
          : "block or unblock",
    );
  }
  // A password the rules refuse stops the request before anything is written.
  if (input.password !== undefined) {
    await checkPassword(input.password, {
      upn,
      displayName: profile.displayName,
      tenantName: caller.tenant.name,
      tenantDisplayName: caller.tenant.displayName,
    });
  }
  if (changes.length > 0 || block || unblock) await writeChanges();
  if (input.password !== undefined) await setPassword(ctx, caller.actor, user, input.password);
  return (await reread(ctx, caller, user)) ?? current;

  async function writeChanges(): Promise<void> {
    // Only what changed is written: PATCHes of different attributes sent side by side all land.
    const changed = new Set(changes.map((item) => item.key));
    const set: Partial<UsersTable> = {
      ...(changed.has("userName") ? { upn, upn_key: upnKey(upn) } : {}),
      ...(changed.has("displayName") ? { display_name: profile.displayName } : {}),
      ...(changed.has("mail") ? { mail: profile.mail ?? null } : {}),
      ...(changed.has("mobilePhone") ? { mobile_phone: profile.mobilePhone ?? null } : {}),
      ...(changed.has("department") ? { department: profile.department ?? null } : {}),
      ...(changed.has("externalId") ? { external_id: input.externalId } : {}),
      ...(changed.has("givenName") ? { given_name: input.givenName } : {}),
      ...(changed.has("familyName") ? { family_name: input.familyName } : {}),
      ...(block
        ? { blocked: 1, blocked_reason: provisioningBlockReason, blocked_until: null }
        : {}),
      ...(unblock ? { blocked: 0, blocked_reason: null, blocked_until: null } : {}),
    };
    const audit = { now, actor: caller.actor, keyring: ctx.keyring };
    try {
      await ctx.store.transaction(async (tx) => {
        await updateScimUserRow(tx, user.id, set);
        if (changes.length > 0) {
          await recordAudit(tx, audit, {
            tenantId: user.tenantId,
            action: "Update user",
            targetType: "user",
            targetId: user.id,
            details: {
              upn,
              before: Object.fromEntries(changes.map((item) => [item.key, item.before])),
              after: Object.fromEntries(changes.map((item) => [item.key, item.after])),
            },
          });
        }
        if (block || unblock) {
          await recordAudit(tx, audit, {
            tenantId: user.tenantId,
            action: block ? "Block user" : "Unblock user",
            targetType: "user",
            targetId: user.id,
            details: {
              upn,
              reason: provisioningBlockReason,
              before: { blocked: !block },
              after: { blocked: block },
            },
          });
        }
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const taken = upnKey(upn) !== upnKey(user.upn) ? "user_exists" : "scim_external_id_exists";
      throw new VarcoError(
        taken,
        taken === "user_exists"
          ? `user '${upn}' exists in tenant '${caller.tenant.name}'`
          : "another user of the tenant has this externalId",
        { cause: error },
      );
    }
  }
}

function change(key: string, before: unknown, after: unknown): Change | undefined {
  return before === (after ?? null) ? undefined : { key, before, after: after ?? null };
}

async function reread(
  ctx: Context,
  caller: ScimCaller,
  user: User,
): Promise<ScimUserRow | undefined> {
  return findScimUser(ctx.store.db, caller.tenant.id, user.id);
}
