import type { Context } from "../context.ts";
import { authenticatorModelName } from "../methods/passkey/authenticator-models.ts";
import { passkeyPolicyFor } from "../methods/passkey/passkey-policy-for.ts";
import type { SignedIn } from "../sessions/authenticate-session.ts";
import { listPasskeyCredentials, toPasskeyCredential } from "../store/queries/passkeys.ts";
import type { PasskeysSection } from "./passkey-page-models.ts";

/** Security info's keys, and whether the user may add one here. */
export async function passkeysSection(ctx: Context, who: SignedIn): Promise<PasskeysSection> {
  const [rows, policy] = await Promise.all([
    listPasskeyCredentials(ctx.store.db, who.user.id),
    passkeyPolicyFor(ctx, who.tenant.id, who.user.id),
  ]);
  return {
    passkeys: rows.map(toPasskeyCredential).map((key) => {
      const model = authenticatorModelName(key.aaguid);
      return {
        id: key.id,
        name: key.name,
        kind: key.kind,
        ...(model ? { model } : {}),
        createdAt: key.createdAt,
        lastUsedAt: key.lastUsedAt,
        cloned: key.clonedAt !== null,
      };
    }),
    canAddPasskey:
      ctx.relyingParty !== undefined && policy.enabled && policy.isSelfServiceRegistrationAllowed,
  };
}
