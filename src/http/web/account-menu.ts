import type { FastifyReply, FastifyRequest } from "fastify";
import type { SignedIn } from "../../sessions/authenticate-session.ts";
import type { AccountEntry, AccountMenu } from "../../web/page-models.ts";
import { maxAccounts, type OtherAccount, otherAccountsOf } from "./other-accounts.ts";
import type { Web } from "./web-context.ts";

/** How the account picker names an account: by its session's id, never its token. */
export const accountEntry = (who: SignedIn): AccountEntry => ({
  id: who.session.id,
  upn: who.user.upn,
  displayName: who.user.displayName,
  tenantName: who.tenant.displayName,
});

export const canAddAccount = (current: SignedIn | undefined, others: readonly OtherAccount[]) =>
  (current ? 1 : 0) + others.length < maxAccounts;

/** The header's account picker for `who`, with this browser's other live accounts. */
export async function accountMenuOf(
  web: Web,
  request: FastifyRequest,
  reply: FastifyReply,
  who: SignedIn,
): Promise<AccountMenu> {
  const others = await otherAccountsOf(web, request, reply, who);
  return {
    current: accountEntry(who),
    others: others.map((other) => accountEntry(other.who)),
    canAdd: canAddAccount(who, others),
  };
}
