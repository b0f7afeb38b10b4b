import { randomInt } from "node:crypto";
import type { Context } from "../context.ts";
import { keyedHash } from "../crypto/keyed-hash.ts";
import { upnKey } from "../directory/upn.ts";
import { predefinedSecurityQuestions } from "../methods/security-questions/catalogue.ts";
import { customSecurityQuestions } from "../methods/security-questions/custom-questions.ts";
import { registeredSecurityQuestions } from "../methods/security-questions/registered-questions.ts";
import { setResetQuestions } from "../store/queries/password-resets.ts";
import type { PasswordReset } from "./load-password-reset.ts";
import { questionsOf } from "./reset-state.ts";

/**
 * The security questions a reset asks: the tenant's number of them, drawn at random from the
 * user's registered ones, and kept for the reset (a reload asks the same). A reset that names
 * nobody, or a user with too few answers registered, draws the same way from a set that stands
 * in for a registration: the tenant's number of questions, chosen for the user name by a keyed
 * hash, so it is the same set every time. Drawn from a fixed set either way, the questions asked
 * across many resets do not tell a user with questions from a name without.
 */
export async function questionsToAsk(
  ctx: Context,
  reset: PasswordReset,
): Promise<readonly string[]> {
  const asked = questionsOf(reset.row);
  if (asked.length > 0) return asked;
  const { policy } = reset.tenant;
  const count = policy.securityQuestionsToAnswer;
  const registered = reset.user ? await registeredSecurityQuestions(ctx, reset.user.id) : [];
  const pool =
    registered.length >= count
      ? [...registered]
      : await standInQuestions(ctx, reset, policy.securityQuestionsToRegister);
  const chosen: string[] = [];
  while (chosen.length < count && pool.length > 0) {
    chosen.push(...pool.splice(randomInt(pool.length), 1));
  }
  await setResetQuestions(ctx.store.db, reset.row.id, JSON.stringify(chosen));
  return chosen;
}

async function standInQuestions(
  ctx: Context,
  reset: PasswordReset,
  count: number,
): Promise<string[]> {
  const custom = await customSecurityQuestions(ctx, reset.tenant.id);
  const keys = [...predefinedSecurityQuestions.map((q) => q.key), ...custom.map((q) => q.key)];
  const name = `${reset.tenant.id}:${upnKey(reset.row.upn)}`;
  const rank = new Map(
    keys.map((key) => [key, keyedHash(ctx.keyring, `reset-questions:${name}:${key}`)]),
  );
  return keys.sort((a, b) => ((rank.get(a) ?? "") < (rank.get(b) ?? "") ? -1 : 1)).slice(0, count);
}
