import type { Context } from "../context.ts";
import { touchApiClient } from "../store/queries/api-clients.ts";
import { authenticateApiClient, tenantOfClient } from "./authenticate-api-client.ts";
import { clientAuthAccepted, takeClientAuthAttempt } from "./client-auth-throttle.ts";
import { issueAccessToken } from "./issue-access-token.ts";
import { type ClientSignInReason, recordClientSignIn } from "./record-client-sign-in.ts";

export type ClientCredentialsOutcome =
  | { readonly kind: "granted"; readonly accessToken: string; readonly expiresIn: number }
  /** Unknown client, wrong secret or revoked client: one answer for all three. */
  | { readonly kind: "refused" }
  /** Too many failures for this client id or from this address: the secret was not checked. */
  | { readonly kind: "throttled"; readonly retryAt: number };

/**
 * The client credentials grant (RFC 6749 section 4.4) behind the token endpoint: the attempt is
 * counted first (src/api-clients/client-auth-throttle.ts), then the secret checked, and every
 * outcome written to the sign-in log as the client's.
 */
export async function grantClientCredentials(
  ctx: Context,
  request: {
    clientId: string;
    secret: string;
    ip: string | null;
    userAgent: string | undefined;
    correlationId: string;
  },
): Promise<ClientCredentialsOutcome> {
  const { clientId, ip } = request;
  // Never the secret: the log gets who asked, from where, and why it ended so.
  const record = (reason: ClientSignInReason, tenantId: string | null) =>
    recordClientSignIn(ctx, {
      clientId,
      tenantId,
      ip,
      userAgent: request.userAgent,
      correlationId: request.correlationId,
      reason,
    });
  const { retryAt } = await takeClientAuthAttempt(ctx, clientId, ip);
  if (retryAt !== undefined) {
    await record("throttled", await tenantOfClient(ctx, clientId));
    return { kind: "throttled", retryAt };
  }
  const authenticated = await authenticateApiClient(ctx, clientId, request.secret);
  if (!authenticated.ok) {
    await record(authenticated.reason, authenticated.tenantId);
    return { kind: "refused" };
  }
  const { client } = authenticated;
  await clientAuthAccepted(ctx, clientId, ip);
  await touchApiClient(ctx.store.db, client.id, ctx.now());
  await record("success", client.tenantId);
  const { accessToken, expiresIn } = await issueAccessToken(ctx, client);
  return { kind: "granted", accessToken, expiresIn };
}
