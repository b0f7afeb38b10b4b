import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { User } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { findPhoneMethod } from "../store/queries/phone-methods.ts";
import { lockUser, setPreferredPhoneMethod } from "../store/queries/users.ts";
import { maskPhoneNumber } from "./phone/mask-phone-number.ts";
import {
  isPreferredPhoneMethod,
  type PreferredPhoneMethod,
  phoneTypeOfPreference,
} from "./phone/preferred-phone-method.ts";

/**
 * Makes one of the user's phones the method offered first at sign-in (`sms:mobile`,
 * `voice:office`…), or, with null, the default app again. The phone must be the user's when the
 * preference is written (read under the user's lock, so a phone deleted meanwhile cannot be
 * named), and SMS never goes to an office phone. The sign-in offers the phone first only while
 * its method is usable (step-of.ts); it never sends anything by itself.
 */
export async function setPreferredMethod(
  ctx: Context,
  actor: Actor,
  user: User,
  preference: string | null,
): Promise<void> {
  const chosen = checkedPreference(preference);
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await lockUser(tx, ctx.store.kind, user.id);
    const phone = chosen && (await findPhoneMethod(tx, user.id, phoneTypeOfPreference(chosen)));
    if (chosen && !phone) throw new VarcoError("preferred_phone_not_found");
    await setPreferredPhoneMethod(tx, user.id, chosen);
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Set default authentication method",
        targetType: "method",
        targetId: chosen ?? "app",
        details: {
          upn: user.upn,
          preferredMethod: chosen ?? "app",
          ...(phone ? { phoneNumber: maskPhoneNumber(phone.phoneNumber) } : {}),
        },
      },
    );
  });
}

function checkedPreference(preference: string | null): PreferredPhoneMethod | null {
  if (preference === null) return null;
  if (preference === "sms:office") throw new VarcoError("preferred_sms_office");
  if (!isPreferredPhoneMethod(preference)) throw new VarcoError("invalid_preferred_method");
  return preference;
}
