import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { updateUserProfile } from "../store/queries/users.ts";
import type { User } from "./types.ts";
import { checkProfile, type UserProfile } from "./user-profile.ts";

/**
 * Changes a user's display name, e-mail, mobile phone or department (Graph's PATCH of the user).
 * Every property is checked before anything is written; the audit entry keeps before and after.
 */
export async function updateUser(
  ctx: Context,
  actor: Actor,
  user: User,
  input: UserProfile,
): Promise<User> {
  const profile = checkProfile(input);
  const keys = Object.keys(profile) as (keyof typeof profile)[];
  const changed = keys.filter((key) => profile[key] !== user[key]);
  if (changed.length === 0) return user;
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await updateUserProfile(tx, user.id, profile);
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Update user",
        targetType: "user",
        targetId: user.id,
        details: {
          upn: user.upn,
          before: Object.fromEntries(changed.map((key) => [key, user[key]])),
          after: Object.fromEntries(changed.map((key) => [key, profile[key]])),
        },
      },
    );
  });
  return { ...user, ...profile };
}
