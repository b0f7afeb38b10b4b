import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { Tenant, User } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { maxOathMethodsPerUser } from "../methods/types.ts";
import type { Db } from "../store/open-store.ts";
import {
  findTokenBySerial,
  findTokenSecret,
  type HardwareToken,
  setTokenUser,
  usersWithTokens,
} from "../store/queries/hardware-tokens.ts";
import { countOathMethods, insertMethod } from "../store/queries/methods.ts";
import { lockUser } from "../store/queries/users.ts";

/**
 * Seed 002: a token of the inventory goes to one user, and shows among their methods as pending
 * until an administrator (or the user) types the code it shows. One token per user, each token to
 * one user only, at most 5 OATH methods per user with the apps.
 */
export async function assignToken(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  user: User,
  serialNumber: string,
): Promise<HardwareToken> {
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    await lockUser(tx, ctx.store.kind, user.id);
    const token = await findTokenBySerial(tx, tenant.id, serialNumber);
    if (!token)
      throw new VarcoError("hardware_token_not_found", `no token ${serialNumber.slice(0, 64)}`);
    await assignWithin(tx, { tokenId: token.id, user, now });
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Assign hardware OATH token",
        targetType: "method",
        targetId: token.id,
        details: { upn: user.upn, serialNumber: token.serialNumber },
      },
    );
    return (await findTokenBySerial(tx, tenant.id, serialNumber)) as HardwareToken;
  });
}

/**
 * The checks and writes of an assignment, inside the caller's transaction: the token must be
 * free, the user without a token and below the method limit.
 */
async function assignWithin(
  tx: Db,
  input: { tokenId: string; user: User; now: number },
): Promise<void> {
  const { tokenId, user, now } = input;
  const secret = await findTokenSecret(tx, tokenId);
  if (!secret) throw new VarcoError("hardware_token_not_found");
  if (secret.user_id !== null) throw new VarcoError("hardware_token_assigned");
  if ((await usersWithTokens(tx, [user.id])).size > 0) {
    throw new VarcoError(
      "hardware_token_assigned",
      `user '${user.upn}' has a hardware token already`,
    );
  }
  if ((await countOathMethods(tx, user.id)) >= maxOathMethodsPerUser) {
    throw new VarcoError(
      "method_limit_reached",
      `user '${user.upn}' has ${maxOathMethodsPerUser} OATH methods`,
    );
  }
  if (!(await setTokenUser(tx, { id: tokenId, userId: user.id, now }))) {
    throw new VarcoError("hardware_token_assigned");
  }
  const counter = Number(secret.counter);
  await insertMethod(tx, {
    id: tokenId,
    tenant_id: secret.tenant_id,
    user_id: user.id,
    kind: "hardwareOath",
    label: secret.serial_number.slice(0, 64),
    state: "pending",
    is_default: 0,
    secret_sealed: secret.secret_sealed,
    algorithm: secret.algorithm,
    digits: Number(secret.digits),
    period: Number(secret.period),
    // HOTP: the last counter used, so the next code expected is the token's counter.
    last_step: secret.oath_type === "hotp" && counter > 0 ? counter - 1 : null,
    failed_attempts: 0,
    created_at: now,
    last_used_at: null,
    oath_type: secret.oath_type,
  });
}
