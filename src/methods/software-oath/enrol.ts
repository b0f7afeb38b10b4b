import { randomUUID } from "node:crypto";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import { randomBytes } from "../../crypto/random.ts";
import { seal } from "../../crypto/seal.ts";
import type { Tenant, User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { secretBytesFor } from "../../otp/algorithms.ts";
import { encodeBase32 } from "../../otp/base32.ts";
import { buildOtpauthUri } from "../../otp/otpauth-uri.ts";
import { countOathMethods, insertMethod } from "../../store/queries/methods.ts";
import { lockUser } from "../../store/queries/users.ts";
import { checkMethodLabel } from "../label.ts";
import { type AuthMethod, maxOathMethodsPerUser, type OathParameters } from "../types.ts";
import { oathSealContext } from "./seal-context.ts";

export type SoftwareOathEnrolment = {
  readonly method: AuthMethod;
  /** Base32, shown once for manual entry; never stored in clear. */
  readonly secret: string;
  readonly otpauthUri: string;
};

export const defaultOathParameters: OathParameters = { algorithm: "SHA1", digits: 6, period: 30 };

/**
 * Starts enrolling an authenticator app: a fresh seed, sealed at rest, and a pending method that
 * turns active when the user types a code from it (see activate.ts).
 */
export async function enrolSoftwareOath(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  user: User,
  input: { label?: string | undefined; parameters?: Partial<OathParameters> },
): Promise<SoftwareOathEnrolment> {
  const label = checkMethodLabel(input.label ?? "Authenticator");
  const parameters = { ...defaultOathParameters, ...input.parameters };
  const secret = randomBytes(secretBytesFor(parameters.algorithm));
  const now = ctx.now();
  const method: AuthMethod = {
    id: randomUUID(),
    userId: user.id,
    kind: "softwareOath",
    label,
    state: "pending",
    isDefault: false,
    failedAttempts: 0,
    createdAt: now,
    lastUsedAt: null,
    oath: parameters,
  };
  await ctx.store.transaction(async (tx) => {
    await lockUser(tx, ctx.store.kind, user.id);
    if ((await countOathMethods(tx, user.id)) >= maxOathMethodsPerUser) {
      throw new VarcoError(
        "method_limit_reached",
        `user '${user.upn}' has ${maxOathMethodsPerUser} OATH methods`,
      );
    }
    await insertMethod(tx, {
      id: method.id,
      tenant_id: tenant.id,
      user_id: user.id,
      kind: method.kind,
      label,
      state: method.state,
      is_default: 0,
      secret_sealed: seal(ctx.keyring, secret, oathSealContext(method.id)),
      algorithm: parameters.algorithm,
      digits: parameters.digits,
      period: parameters.period,
      last_step: null,
      failed_attempts: 0,
      created_at: now,
      last_used_at: null,
    });
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Register authenticator app",
        targetType: "method",
        targetId: method.id,
        details: { upn: user.upn, label, ...parameters, state: "pending" },
      },
    );
  });
  const otpauthUri = buildOtpauthUri({
    type: "totp",
    issuer: otpauthIssuer(tenant),
    account: user.upn,
    secret,
    ...parameters,
  });
  return { method, secret: encodeBase32(secret), otpauthUri };
}

/** The issuer authenticator apps show: the tenant's name (apps cannot tell a colon from the separator). */
export function otpauthIssuer(tenant: Tenant): string {
  return tenant.displayName.replaceAll(":", " ");
}
