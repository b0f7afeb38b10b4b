import type { FastifyReply, FastifyRequest } from "fastify";
import { type PageBrand, pageBrandOf } from "../../branding/page-brand.ts";
import type { Context } from "../../context.ts";
import type { SignedIn } from "../../sessions/authenticate-session.ts";
import { type ProofNeeded, proofNeeded } from "../../sessions/session-strength.ts";
import { countUnusedBackupCodes } from "../../store/queries/backup-codes.ts";
import { listActiveOathSecrets } from "../../store/queries/methods.ts";
import { countPasskeyCredentials } from "../../store/queries/passkeys.ts";
import { listRolesOf } from "../../store/queries/roles.ts";
import type { AccountMenu } from "../../web/page-models.ts";
import { accountMenuOf } from "./account-menu.ts";
import { otherAccountsOf } from "./other-accounts.ts";
import {
  rememberedSignInTenant,
  seeOther,
  sendPage,
  signedInOf,
  signInPathOf,
  type Web,
} from "./web-context.ts";

/**
 * A signed-in user, whether they hold a role (the header then links to the admin pages), and
 * their tenant's branding.
 */
export type Visitor = SignedIn & {
  readonly isAdmin: boolean;
  readonly brand?: PageBrand;
  /** The header's account picker: this account and the browser's others. */
  readonly accounts?: AccountMenu;
};

/** Runs `work` for a signed-in user (the CSRF check of POSTs came first: csrf-check.ts). */
export async function withVisitor(
  web: Web,
  request: FastifyRequest,
  reply: FastifyReply,
  work: (who: Visitor) => Promise<FastifyReply>,
): Promise<FastifyReply> {
  const who = await signedInOf(web, request);
  if (!who) {
    // The account in use has ended, but the browser holds others: the picker offers them.
    if ((await otherAccountsOf(web, request, reply, undefined)).length > 0)
      return seeOther(reply, "/accounts");
    return seeOther(reply, signInPathOf(rememberedSignInTenant(web, request)));
  }
  const [roles, brand, accounts] = await Promise.all([
    listRolesOf(web.ctx.store.db, "user", who.user.id),
    pageBrandOf(web.ctx.store.db, who.tenant),
    accountMenuOf(web, request, reply, who),
  ]);
  return work({ ...who, isAdmin: roles.length > 0, accounts, ...(brand ? { brand } : {}) });
}

/** What every page of a signed-in user tells the layout. */
export const visitorPage = (who: Visitor) => ({
  tenantName: who.tenant.displayName,
  timeZone: who.tenant.policy.timeZone,
  signedIn: true,
  isAdmin: who.isAdmin,
  brand: who.brand,
  accounts: who.accounts,
});

/** The not-found page, for a signed-in user (a method or an entry that is not theirs). */
export const visitorNotFound = (
  web: Web,
  request: FastifyRequest,
  reply: FastifyReply,
  who: Visitor,
): FastifyReply =>
  sendPage(
    web,
    request,
    reply,
    "error",
    { code: "not_found" },
    { ...visitorPage(who), status: 404 },
  );

/**
 * Whether the user has anything to prove a second factor with: an active method, a backup code,
 * or a passkey or security key (where the public URL can host them).
 */
export async function hasMethodToProve(ctx: Context, userId: string): Promise<boolean> {
  const [methods, backupCodes, passkeys] = await Promise.all([
    listActiveOathSecrets(ctx.store.db, userId),
    countUnusedBackupCodes(ctx.store.db, userId),
    ctx.relyingParty ? countPasskeyCredentials(ctx.store.db, userId) : 0,
  ]);
  return methods.length > 0 || backupCodes > 0 || passkeys > 0;
}

/** The admin pages take only a second factor as recent proof. */
export const secondFactorOnly = (returnTo: string) => returnTo.startsWith("/admin");

/** What `who` must prove again before the act whose page is `returnTo` (session-strength.ts). */
export async function proofNeededFor(
  web: Web,
  who: SignedIn,
  returnTo: string,
): Promise<ProofNeeded> {
  return proofNeeded(who, web.ctx.now(), {
    hasMethod: await hasMethodToProve(web.ctx, who.user.id),
    secondFactorOnly: secondFactorOnly(returnTo),
  });
}

/**
 * Runs `work` when the session proved enough, recently enough, for a sensitive act; otherwise
 * the user proves it at /reauth first, and comes back to `returnTo`.
 */
export async function withRecentProof(
  web: Web,
  reply: FastifyReply,
  who: SignedIn,
  returnTo: string,
  work: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  if ((await proofNeededFor(web, who, returnTo)) === "none") return work();
  return seeOther(reply, `/reauth?returnTo=${encodeURIComponent(returnTo)}`);
}

/**
 * Runs `work` for a signed-in user who has proved enough, recently enough, to change their
 * methods (withVisitor, then withRecentProof back to `returnTo`).
 */
export function withProvenVisitor(
  web: Web,
  request: FastifyRequest,
  reply: FastifyReply,
  returnTo: string,
  work: (who: Visitor) => Promise<FastifyReply>,
): Promise<FastifyReply> {
  return withVisitor(web, request, reply, (who) =>
    withRecentProof(web, reply, who, returnTo, () => work(who)),
  );
}
