import type { Context } from "../../context.ts";
import { constantTimeEqual } from "../../crypto/constant-time.ts";
import { keyedHash, keyedHashWith } from "../../crypto/keyed-hash.ts";
import { upnKey } from "../../directory/upn.ts";
import { casedPassHashInput, passHashInput } from "../../methods/temporary-access-pass/format.ts";
import { passState } from "../../methods/temporary-access-pass/pass-state.ts";
import { findTemporaryAccessPass } from "../../store/queries/temporary-access-passes.ts";
import { findUserCredentials } from "../../store/queries/users.ts";
import { type Channel, newFacts } from "../machine/facts.ts";
import { passwordAccepted, takePasswordAttempt } from "../password-throttle.ts";
import type { ClientInfo } from "../types.ts";
import type { Applied, StartEvent } from "./event.ts";

const tapLog = { id: null, kind: "temporaryAccessPass" } as const;

/**
 * User name and Temporary Access Pass (seed 003), in place of password and second factor: a
 * right pass proves both. It counts against the password throttle; a wrong pass, an unknown user
 * and a user without a pass get one answer. The pass is used only when the sign-in goes on (a
 * one-time pass is not spent on a locked-out user), by the commit.
 */
export async function applyTemporaryAccessPass(
  ctx: Context,
  event: Extract<StartEvent, { type: "temporaryAccessPass" }>,
  client: ClientInfo,
  channel: Channel,
): Promise<Applied> {
  const { tenant } = event;
  const db = ctx.store.db;
  const facts = newFacts({
    tenantId: tenant.id,
    upn: event.upn,
    channel,
    firstFactor: "temporaryAccessPass",
    now: ctx.now(),
  });
  const key = upnKey(event.upn);
  const { retryAt } = await takePasswordAttempt(ctx, tenant, key, client.ip);
  if (retryAt !== undefined) {
    return { facts, refusal: { reason: "throttled", retryAt }, logMethod: tapLog };
  }
  const found = key.length <= 256 ? await findUserCredentials(db, tenant.id, key) : undefined;
  const pass = found && (await findTemporaryAccessPass(db, found.user.id));
  const userId = found?.user.id ?? "";
  const typed = event.pass.slice(0, 64);
  // The same two keyed hashes are computed on every path, so no path is quicker than another:
  // the pass as issued now (case ignored), and as a pass issued before kept it (as typed).
  const hashOf = (input: string) =>
    pass ? keyedHashWith(ctx.keyring, pass.passHash, input) : keyedHash(ctx.keyring, input);
  const presented = [
    hashOf(passHashInput(userId, typed)),
    hashOf(casedPassHashInput(userId, typed)),
  ];
  let right = false;
  for (const hash of presented) {
    if (pass && hash && constantTimeEqual(hash, pass.passHash)) right = true;
  }
  if (!found) return { facts, refusal: { reason: "user_not_found" }, logMethod: tapLog };
  const named = { ...facts, userId: found.user.id };
  const user = found.user;
  if (!pass || !right) {
    return {
      facts: named,
      user,
      refusal: { reason: "invalid_temporary_access_pass" },
      logMethod: tapLog,
    };
  }
  const now = ctx.now();
  const state = passState(pass, now);
  if (state === "notYetValid") {
    return {
      facts: named,
      user,
      refusal: { reason: "temporary_access_pass_not_yet_valid", startAt: pass.startAt },
      logMethod: tapLog,
    };
  }
  if (state !== "active") {
    // Expired or spent: the same answer as a wrong pass.
    return {
      facts: named,
      user,
      refusal: { reason: "temporary_access_pass_expired_or_used" },
      logMethod: tapLog,
    };
  }
  await passwordAccepted(ctx, tenant, key, client.ip);
  return {
    facts: {
      ...named,
      firstFactor: { kind: "temporaryAccessPass", provenAt: now },
      secondFactor: {
        by: "temporaryAccessPass",
        at: now,
        methodId: null,
        methodKind: "temporaryAccessPass",
      },
    },
    user,
    logMethod: tapLog,
    passToClaim: { id: pass.id, usableOnce: pass.usableOnce },
  };
}
