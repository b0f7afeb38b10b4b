import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { openSeed } from "../methods/software-oath/open-seed.ts";
import type { OtpAlgorithm, OtpDigits } from "../otp/algorithms.ts";
import { verifyHotp } from "../otp/verify-hotp.ts";
import { findTokenBySerial, findTokenSecret } from "../store/queries/hardware-tokens.ts";

// How far ahead of the stored counter a token pressed many times unused is still found.
const resyncSearch = 10_000;

/**
 * An HOTP token pressed too often without signing in falls outside the look-ahead window. Two
 * consecutive codes from it find its counter again (as privacyIDEA's resync does): the next
 * code expected is the one after the second.
 */
export async function resyncHotpToken(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  input: { serialNumber: string; first: string; second: string },
): Promise<void> {
  const db = ctx.store.db;
  const token = await findTokenBySerial(db, tenant.id, input.serialNumber);
  const secret = token && (await findTokenSecret(db, token.id));
  if (!token || !secret) throw new VarcoError("hardware_token_not_found");
  if (token.oathType !== "hotp") {
    throw new VarcoError(
      "invalid_request",
      "only HOTP tokens count presses: a TOTP token needs no resync",
    );
  }
  const method = await db
    .selectFrom("auth_methods")
    .select("last_step")
    .where("id", "=", token.id)
    .executeTakeFirst();
  const nextCounter = method
    ? method.last_step === null
      ? 0
      : Number(method.last_step) + 1
    : Number(secret.counter);
  const key = openSeed(ctx.keyring, token.id, secret.secret_sealed);
  const parameters = {
    algorithm: secret.algorithm as OtpAlgorithm,
    digits: Number(secret.digits) as OtpDigits,
  };
  let from = nextCounter;
  let found: number | undefined;
  while (found === undefined && from <= nextCounter + resyncSearch) {
    const first = verifyHotp(key, input.first.trim(), {
      ...parameters,
      counter: from,
      lookAhead: nextCounter + resyncSearch - from,
    });
    if (!first) break;
    const second = verifyHotp(key, input.second.trim(), {
      ...parameters,
      counter: first.counter + 1,
      lookAhead: 0,
    });
    if (second) found = second.counter;
    from = first.counter + 1;
  }
  if (found === undefined) throw new VarcoError("hotp_resync_failed");
  const lastUsed = found;
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    // Conditional: a counter only moves forward, so a code spent meanwhile stays spent.
    const moved = method
      ? await tx
          .updateTable("auth_methods")
          .set({ last_step: lastUsed })
          .where("id", "=", token.id)
          .where((eb) => eb.or([eb("last_step", "is", null), eb("last_step", "<", lastUsed)]))
          .executeTakeFirst()
      : await tx
          .updateTable("hardware_tokens")
          .set({ counter: lastUsed + 1 })
          .where("id", "=", token.id)
          .where("counter", "<=", lastUsed)
          .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) throw new VarcoError("hotp_resync_failed");
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Resynchronise hardware OATH token",
        targetType: "method",
        targetId: token.id,
        details: { serialNumber: token.serialNumber, upn: token.upn },
      },
    );
  });
}
