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
import type { Db } from "../../store/open-store.ts";
import {
  countOathMethods,
  deleteMethod,
  insertMethod,
  listMethods,
} from "../../store/queries/methods.ts";
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
  const given = input.label === undefined ? undefined : checkMethodLabel(input.label);
  const parameters = { ...defaultOathParameters, ...input.parameters };
  const secret = randomBytes(secretBytesFor(parameters.algorithm));
  const now = ctx.now();
  const id = randomUUID();
  const method = await ctx.store.transaction(async (tx): Promise<AuthMethod> => {
    await lockUser(tx, ctx.store.kind, user.id);
    const label = given ?? (await freeDefaultLabel(tx, user.id));
    await replacePendingNamesake(tx, { now, actor, keyring: ctx.keyring }, user, label);
    if ((await countOathMethods(tx, user.id)) >= maxOathMethodsPerUser) {
      throw new VarcoError(
        "method_limit_reached",
        `user '${user.upn}' has ${maxOathMethodsPerUser} OATH methods`,
      );
    }
    await insertMethod(tx, {
      id,
      tenant_id: tenant.id,
      user_id: user.id,
      kind: "softwareOath",
      label,
      state: "pending",
      is_default: 0,
      secret_sealed: seal(ctx.keyring, secret, oathSealContext(id)),
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
        targetId: id,
        details: { upn: user.upn, label, ...parameters, state: "pending" },
      },
    );
    return {
      id,
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

/**
 * The label of an app enrolled without one (the admin API, the CLI): "Authenticator", or the
 * first of "Authenticator-2", "Authenticator-3", … that no active method has (a pending one of
 * that name is replaced, as for any enrolment).
 */
async function freeDefaultLabel(tx: Db, userId: string): Promise<string> {
  const taken = new Set(
    (await listMethods(tx, userId))
      .filter((m) => m.state !== "pending" || m.kind !== "softwareOath")
      .map((m) => m.label),
  );
  let label = "Authenticator";
  for (let n = 2; taken.has(label); n++) label = `Authenticator-${n}`;
  return label;
}

/**
 * One name, one method: an enrolment left half done (its QR code shown, no code typed) under the
 * same label is deleted, so starting again leaves one entry; an active method, or a hardware
 * token, keeps its label and the new one is refused. Runs under the user's lock, so two
 * enrolments at once cannot both pass.
 */
async function replacePendingNamesake(
  tx: Db,
  audit: Parameters<typeof recordAudit>[1],
  user: User,
  label: string,
): Promise<void> {
  const namesakes = (await listMethods(tx, user.id)).filter((m) => m.label === label);
  if (namesakes.some((m) => m.state !== "pending" || m.kind !== "softwareOath")) {
    throw new VarcoError("label_in_use", `user '${user.upn}' already has a method '${label}'`);
  }
  for (const old of namesakes) {
    await deleteMethod(tx, user.id, old.id);
    await recordAudit(tx, audit, {
      tenantId: user.tenantId,
      action: "Delete authentication method",
      targetType: "method",
      targetId: old.id,
      details: { upn: user.upn, kind: old.kind, label: old.label, state: old.state },
    });
  }
}

/** The issuer authenticator apps show: the tenant's name (apps cannot tell a colon from the separator). */
export function otpauthIssuer(tenant: Tenant): string {
  return tenant.displayName.replaceAll(":", " ");
}
