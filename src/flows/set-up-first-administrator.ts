import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { createTenant } from "../directory/create-tenant.ts";
import { createUser } from "../directory/create-user.ts";
import { addTenantDomain } from "../directory/domains/add-tenant-domain.ts";
import { checkDomainName, domainOfUpn } from "../directory/domains/domain-name.ts";
import type { Tenant, User } from "../directory/types.ts";
import { checkUpn, upnKey } from "../directory/upn.ts";
import { VarcoError } from "../errors/varco-error.ts";
import {
  type IssuedTemporaryAccessPass,
  issueTemporaryAccessPass,
} from "../methods/temporary-access-pass/issue.ts";
import { assignRole } from "../roles/assign-role.ts";
import { inOneTransaction } from "../store/one-transaction.ts";
import { countUsersWithRole, lockTenantRoles } from "../store/queries/roles.ts";
import { lockFirstRunSetup } from "../store/queries/setup-lock.ts";
import { findTenantDomain } from "../store/queries/tenant-domains.ts";
import { findTenantByName } from "../store/queries/tenants.ts";
import { findUserByUpn, setPasswordChangeForced } from "../store/queries/users.ts";

export type FirstAdministratorRequest = {
  /** The administrator's user name, in `domain`. */
  readonly adminUpn: string;
  /** The domain of the organisation's user names: it finds the tenant on the sign-in page. */
  readonly domain: string;
  /** The tenant's name in URLs; the domain's first label when absent (school.it: school). */
  readonly tenant?: string | undefined;
  /** The name people see; the tenant's name when absent. */
  readonly displayName?: string | undefined;
};

export type FirstAdministrator = {
  readonly tenant: Tenant;
  readonly tenantCreated: boolean;
  readonly domain: string;
  readonly user: User;
  readonly pass: IssuedTemporaryAccessPass;
};

/**
 * The first-run path: the tenant (created unless it exists), its domain, a user holding the
 * Global Administrator role, and a one-time Temporary Access Pass with which that person signs
 * in, chooses a password and registers a method. One transaction: a refusal at any step leaves
 * the database as it was. A tenant that has a Global Administrator already is refused with
 * `already_set_up`: from then on administrators are added by one who signs in.
 */
export async function setUpFirstAdministrator(
  ctx: Context,
  actor: Actor,
  request: FirstAdministratorRequest,
): Promise<FirstAdministrator> {
  const domain = checkDomainName(request.domain);
  const upn = checkUpn(request.adminUpn);
  if (domainOfUpn(upn) !== domain) {
    throw new VarcoError(
      "upn_outside_domain",
      `the administrator's user name must end in @${domain}, got '${upn}'`,
    );
  }
  const tenantName = (request.tenant ?? domain.split(".")[0] ?? "").trim().toLowerCase();
  return inOneTransaction(ctx, async (scoped) => {
    const db = scoped.store.db;
    await lockFirstRunSetup(db, scoped.store.kind);
    const existing = await findTenantByName(db, tenantName);
    if (existing) {
      // A role given meanwhile by `varco role assign` counts too.
      await lockTenantRoles(db, existing.id);
      if ((await countUsersWithRole(db, existing.id, "globalAdministrator")) > 0) {
        throw new VarcoError(
          "already_set_up",
          `tenant '${existing.name}' has a Global Administrator: sign in as one to add others`,
        );
      }
    }
    const owner = await findTenantDomain(db, domain);
    if (owner && owner.tenant_id !== existing?.id) {
      throw new VarcoError("domain_exists", `the domain ${domain} belongs to another tenant`);
    }
    if (existing && (await findUserByUpn(db, existing.id, upnKey(upn)))) {
      throw new VarcoError("user_exists", `user '${upn}' exists in tenant '${existing.name}'`);
    }
    const tenant =
      existing ??
      (await createTenant(scoped, actor, {
        name: tenantName,
        displayName: request.displayName,
      }));
    if (!owner) await addTenantDomain(scoped, actor, tenant, domain);
    const created = await createUser(scoped, actor, tenant, { upn });
    await assignRole(scoped, actor, created, "globalAdministrator");
    // No password yet: the administrator chooses one right after the pass, before any session.
    const now = scoped.now();
    await setPasswordChangeForced(db, created.id, now);
    const user: User = { ...created, passwordChangeForcedAt: now };
    const pass = await issueTemporaryAccessPass(scoped, actor, tenant, user, { usableOnce: true });
    await recordAudit(
      db,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Set up first administrator",
        targetType: "user",
        targetId: user.id,
        details: { upn, tenant: tenant.name, domain, tenantCreated: !existing },
      },
    );
    return { tenant, tenantCreated: !existing, domain, user, pass };
  });
}
