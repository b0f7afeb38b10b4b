import type { FastifyReply, FastifyRequest } from "fastify";
import { revokeUserSessions } from "../../sessions/revoke-sessions.ts";
import { userActor } from "../../sign-in/user-actor.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { accountEntry, canAddAccount } from "./account-menu.ts";
import { keepOtherAccounts, otherAccountsOf } from "./other-accounts.ts";
import { optionalText, pageForm, pageQuery, text } from "./page-contracts.ts";
import {
  clearCookie,
  clientOf,
  readCookie,
  rotateCsrfToken,
  seeOther,
  sendPage,
  setTokenCookie,
  signedInOf,
  type Web,
} from "./web-context.ts";

const SwitchForm = pageForm({ account: text(64) });
const NoFields = pageForm({});
const AccountsQuery = pageQuery({ notice: optionalText(20), error: optionalText(40) });

/**
 * The account picker (Microsoft's "Pick an account"): the accounts this browser is signed in to,
 * one in use at a time. Switching names an account by its session's id, and is accepted only for
 * a session whose token this browser holds (other-accounts.ts): an id alone opens nothing.
 */
export function registerAccountRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  const showAccounts = async (
    request: FastifyRequest,
    reply: FastifyReply,
    shown: { notice?: "signed_out"; error?: "too_many_accounts" | "account_not_signed_in" },
  ) => {
    const current = await signedInOf(web, request);
    const others = await otherAccountsOf(web, request, reply, current);
    const status = shown.error === "too_many_accounts" ? 409 : shown.error ? 404 : 200;
    return sendPage(
      web,
      request,
      reply,
      "accounts",
      {
        ...(current ? { current: accountEntry(current) } : {}),
        others: others.map((other) => accountEntry(other.who)),
        canAdd: canAddAccount(current, others),
        ...shown,
      },
      {
        status,
        signedIn: current !== undefined,
        ...(current
          ? { tenantName: current.tenant.displayName, timeZone: current.tenant.policy.timeZone }
          : {}),
      },
    );
  };

  app.get("/accounts", { schema: { querystring: AccountsQuery } }, async (request, reply) => {
    const { notice, error } = request.query;
    return showAccounts(request, reply, {
      ...(notice === "signed_out" ? { notice } : {}),
      ...(error === "too_many_accounts" ? { error } : {}),
    });
  });

  app.post("/accounts/switch", { schema: { body: SwitchForm } }, async (request, reply) => {
    const current = await signedInOf(web, request);
    const others = await otherAccountsOf(web, request, reply, current);
    const chosen = others.find((other) => other.who.session.id === request.body.account);
    if (!chosen) return showAccounts(request, reply, { error: "account_not_signed_in" });
    const currentToken = current ? readCookie(web, request, "varco_session") : undefined;
    keepOtherAccounts(web, reply, [
      ...(currentToken ? [currentToken] : []),
      ...others.filter((other) => other !== chosen).map((other) => other.token),
    ]);
    // Another person's account in use now: a new CSRF token, as at sign-in.
    rotateCsrfToken(web, reply);
    setTokenCookie(
      web,
      reply,
      "varco_session",
      { token: chosen.token, expiresAt: chosen.who.session.expiresAt },
      false,
    );
    return seeOther(reply, "/security-info");
  });

  app.post("/accounts/sign-out-all", { schema: { body: NoFields } }, async (request, reply) => {
    const current = await signedInOf(web, request);
    const others = await otherAccountsOf(web, request, reply, current);
    const client = clientOf(request);
    for (const who of [...(current ? [current] : []), ...others.map((other) => other.who)]) {
      await revokeUserSessions(ctx, userActor(who.user, client), who.user, who.session.id);
    }
    clearCookie(web, reply, "varco_session");
    clearCookie(web, reply, "varco_accounts");
    return seeOther(reply, "/sign-in?notice=signed_out");
  });
}
