import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { isUniqueViolation } from "../../store/is-unique-violation.ts";
import { countPasskeyCredentials, insertPasskeyCredential } from "../../store/queries/passkeys.ts";
import { lockUser } from "../../store/queries/users.ts";
import type { PasskeyCredentialsTable } from "../../store/schema.ts";
import { maxPasskeysPerUser } from "./passkey-credential.ts";

/**
 * Stores a verified new credential with its audit entry. The user's row is locked while the keys
 * are counted, so two registrations at once never pass the limit; a credential id the tenant
 * has already (the same key registered twice) is `passkey_already_registered`.
 */
export async function addPasskey(
  ctx: Context,
  actor: Actor,
  user: User,
  row: PasskeyCredentialsTable,
): Promise<void> {
  const now = ctx.now();
  try {
    await ctx.store.transaction(async (tx) => {
      await lockUser(tx, ctx.store.kind, user.id);
      if ((await countPasskeyCredentials(tx, user.id)) >= maxPasskeysPerUser)
        throw new VarcoError("too_many_passkeys");
      await insertPasskeyCredential(tx, row);
      await recordAudit(
        tx,
        { now, actor, keyring: ctx.keyring },
        {
          tenantId: user.tenantId,
          action: "Register passkey",
          targetType: "method",
          targetId: row.id,
          details: {
            upn: user.upn,
            name: row.name,
            kind: row.kind,
            aaguid: row.aaguid,
            attestationFormat: row.attestation_format,
          },
        },
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new VarcoError("passkey_already_registered");
    throw error;
  }
}
