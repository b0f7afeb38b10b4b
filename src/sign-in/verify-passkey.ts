import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import type { Context } from "../context.ts";
import type { User } from "../directory/types.ts";
import { aaguidAllowed } from "../methods/passkey/aaguid-allowed.ts";
import { flagClonedPasskey } from "../methods/passkey/flag-cloned.ts";
import type { PasskeyPolicy } from "../methods/passkey/passkey-policy-for.ts";
import { verifyPasskeyAssertion } from "../methods/passkey/verify-assertion.ts";
import {
  type ChallengePurpose,
  findWebauthnChallenge,
} from "../methods/passkey/webauthn-challenge.ts";
import { recordPasskeyUse } from "../store/queries/passkeys.ts";
import { useWebauthnChallenge } from "../store/queries/webauthn-challenges.ts";
import type { PasskeyCredentialsTable } from "../store/schema.ts";
import type { ClientInfo } from "./types.ts";
import { userActor } from "./user-actor.ts";
import type { ProofClaim } from "./verify-second-factor.ts";

export type PasskeyCheck =
  | { readonly ok: true; readonly claim: ProofClaim }
  /** cloned: the counter went back and the tenant refuses such a key; failed: anything else. */
  | { readonly ok: false; readonly reason: "passkey_failed" | "passkey_cloned" };

/**
 * A passkey's signature for a sign-in or a re-authentication: the challenge Varco issued for
 * this `purpose` and `subject` (live, unused), a credential of `user` the tenant lets in (Fido2
 * enabled, its model allowed), the signature, user verification where required, the counter.
 * The claim (challenge used once, counter moved forward, last use) is written by the caller with
 * the step it allows; of two copies of one answer only one claims it (invariant 1).
 */
export async function verifyPasskey(
  ctx: Context,
  input: {
    user: User;
    credential: PasskeyCredentialsTable | undefined;
    policy: PasskeyPolicy | undefined;
    response: AuthenticationResponseJSON;
    purpose: Exclude<ChallengePurpose, "registration">;
    subject: string;
    requireUserVerification: boolean;
    client: ClientInfo;
  },
): Promise<PasskeyCheck> {
  const { user, credential, policy } = input;
  const failed = { ok: false, reason: "passkey_failed" } as const;
  if (!credential || credential.user_id !== user.id || !policy?.enabled) return failed;
  if (!aaguidAllowed(policy, credential.aaguid)) return failed;
  const challenge = await findWebauthnChallenge(ctx, {
    response: input.response,
    tenantId: user.tenantId,
    purpose: input.purpose,
    subject: input.subject,
  });
  if (!challenge || (challenge.userId !== null && challenge.userId !== user.id)) return failed;
  const refuseCloned = policy.clonedCredentialAction === "refuse";
  if (credential.cloned_at !== null && refuseCloned) return { ok: false, reason: "passkey_cloned" };
  const check = await verifyPasskeyAssertion(ctx, {
    credential,
    response: input.response,
    challenge: challenge.challenge,
    requireUserVerification: input.requireUserVerification,
  });
  if (!check.ok) return failed;
  const stored = Number(credential.sign_count);
  if (check.counterWentBack) {
    await flagClonedPasskey(ctx, userActor(user, input.client), user, credential, {
      stored,
      presented: check.newCounter,
    });
    if (refuseCloned) return { ok: false, reason: "passkey_cloned" };
  }
  const now = ctx.now();
  return {
    ok: true,
    claim: {
      write: async (tx) =>
        (await useWebauthnChallenge(tx, { hash: challenge.hash, now })) &&
        recordPasskeyUse(tx, {
          id: credential.id,
          previousCount: stored,
          newCount: Math.max(stored, check.newCounter),
          now,
        }),
      lost: async () => {},
    },
  };
}
