import type { Context } from "../../context.ts";
import { openSealed } from "../../crypto/seal.ts";
import type { Tenant, User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { buildOtpauthUri } from "../../otp/otpauth-uri.ts";
import { findOathSecret } from "../../store/queries/methods.ts";
import { otpauthIssuer } from "./enrol.ts";
import { oathSealContext } from "./seal-context.ts";

/**
 * The otpauth URI of a method still being enrolled, so its QR code (page and PNG download) can
 * be drawn for its owner. Once the method is active, its key is never shown again.
 */
export async function pendingOtpauthUri(
  ctx: Context,
  tenant: Tenant,
  user: User,
  methodId: string,
): Promise<string> {
  const method = await findOathSecret(ctx.store.db, user.id, methodId);
  if (method?.state !== "pending")
    throw new VarcoError("method_not_found", "no pending method with that id");
  const secret = openSealed(ctx.keyring, method.secretSealed, oathSealContext(method.id));
  return buildOtpauthUri({
    type: "totp",
    issuer: otpauthIssuer(tenant),
    account: user.upn,
    secret,
    algorithm: method.algorithm,
    digits: method.digits,
    period: method.period,
  });
}
