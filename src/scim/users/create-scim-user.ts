import { recordAudit } from "../../audit/record-audit.ts";
import type { Context } from "../../context.ts";
import { createUser } from "../../directory/create-user.ts";
import { deleteUser } from "../../directory/delete-user.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { isUniqueViolation } from "../../store/is-unique-violation.ts";
import {
  listScimUsers,
  type ScimUserRow,
  setUserScimAttributes,
} from "../../store/queries/scim.ts";
import type { Json } from "../attributes.ts";
import type { ScimCaller } from "../tokens/authenticate-scim-token.ts";
import { provisioningBlockReason } from "./provisioning-block.ts";
import { readUserInput } from "./read-user-input.ts";

/**
 * SCIM's create (RFC 7644 section 3.3): a user with the UPN `userName`, created through the same
 * rules as every other user (createUser). Without a `password` the user has none, and signs in
 * first with a Temporary Access Pass, as a user created by the admin API without one does; with
 * one it must pass Varco's password rules. `active: false` creates the user blocked.
 */
export async function createScimUser(
  ctx: Context,
  caller: ScimCaller,
  body: Json,
): Promise<ScimUserRow> {
  const input = readUserInput(body);
  if (
    input.externalId !== null &&
    (await listScimUsers(ctx.store.db, caller.tenant.id, {
      column: "external_id",
      value: input.externalId,
    }).then((rows) => rows.length > 0))
  ) {
    throw new VarcoError(
      "scim_external_id_exists",
      "another user of the tenant has this externalId",
    );
  }
  const user = await createUser(ctx, caller.actor, caller.tenant, {
    upn: input.userName,
    displayName: input.displayName,
    password: input.password,
    accountEnabled: input.active !== false,
    blockedReason: provisioningBlockReason,
    mail: input.mail,
    mobilePhone: input.mobilePhone,
    department: input.department,
  });
  const row: ScimUserRow = {
    user,
    externalId: input.externalId,
    givenName: input.givenName,
    familyName: input.familyName,
  };
  if (row.externalId === null && row.givenName === null && row.familyName === null) return row;
  try {
    await ctx.store.transaction(async (tx) => {
      await setUserScimAttributes(tx, user.id, {
        external_id: row.externalId,
        given_name: row.givenName,
        family_name: row.familyName,
      });
      const now = ctx.now();
      await recordAudit(
        tx,
        { now, actor: caller.actor, keyring: ctx.keyring },
        {
          tenantId: caller.tenant.id,
          action: "Update user",
          targetType: "user",
          targetId: user.id,
          details: {
            upn: user.upn,
            before: {},
            after: {
              externalId: row.externalId,
              givenName: row.givenName,
              familyName: row.familyName,
            },
          },
        },
      );
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The externalId is another user's: the user just made goes again, as if never created.
    await deleteUser(ctx, caller.actor, user);
    throw new VarcoError(
      "scim_external_id_exists",
      "another user of the tenant has this externalId",
      {
        cause: error,
      },
    );
  }
  return row;
}
