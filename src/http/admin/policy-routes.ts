import type { FastifyInstance } from "fastify";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { TenantPolicy } from "../../policy/tenant-policy.ts";
import { changeTenantPolicy } from "../../policy/update-tenant-policy.ts";
import { authorize } from "../../roles/authorize.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import { adminOf } from "./admin-principal.ts";

/**
 * `policies/authenticationMethodsPolicy`: the tenant's MFA settings of seed 001 (lockout,
 * trusted ranges, remember-device days, registration, TAP limits), every field checked.
 */
export function registerPolicyRoutes(app: FastifyInstance, ctx: Context): void {
  const path = "/api/v1/policies/authenticationMethodsPolicy";
  const tags = ["admin"];
  const tenantOf = async (tenantId: string) => {
    const tenant = await findTenantById(ctx.store.db, tenantId);
    if (!tenant) throw new VarcoError("tenant_not_found");
    return tenant;
  };
  const shape = (policy: TenantPolicy) => ({ id: "authenticationMethodsPolicy", ...policy });

  app.get(path, { schema: { summary: "The tenant's MFA policy", tags } }, async (request) => {
    const admin = adminOf(request);
    authorize(admin, "readPolicy");
    return shape((await tenantOf(admin.tenantId)).policy);
  });

  app.patch<{ Body: Record<string, unknown> }>(
    path,
    {
      schema: {
        summary: "Change the fields given; the others stay",
        tags,
        body: { type: "object", maxProperties: 30 },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "writePolicy");
      const { id: _id, ...changes } = request.body ?? {};
      const tenant = await tenantOf(admin.tenantId);
      const unknown = Object.keys(changes).filter((field) => !(field in tenant.policy));
      if (unknown.length > 0) {
        throw new VarcoError("invalid_policy", `unknown field ${unknown[0]?.slice(0, 60)}`);
      }
      return shape(
        await changeTenantPolicy(ctx, admin.actor, tenant, changes as Partial<TenantPolicy>),
      );
    },
  );
}
