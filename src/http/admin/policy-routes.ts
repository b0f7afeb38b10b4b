import type { FastifySchemaValidationError } from "fastify";
import type { Context } from "../../context.ts";
import { isVarcoError, VarcoError } from "../../errors/varco-error.ts";
import { readMethodConfigurations } from "../../policy/method-configurations/read-method-configurations.ts";
import { checkTenantPolicy, type TenantPolicy } from "../../policy/tenant-policy.ts";
import { changeTenantPolicy } from "../../policy/update-tenant-policy.ts";
import { authorize } from "../../roles/authorize.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { adminOf } from "./admin-principal.ts";
import {
  AuthenticationMethodsPolicyBody,
  graphMethodConfiguration,
} from "./graph-method-configuration.ts";
import { TenantPolicyChanges } from "./tenant-policy-shape.ts";

/**
 * `policies/authenticationMethodsPolicy`: the tenant's MFA settings of seed 001 (lockout,
 * trusted ranges, remember-device days, registration, TAP limits), every field checked.
 */
export function registerPolicyRoutes(app: ContractApp, ctx: Context): void {
  const path = "/api/v1/policies/authenticationMethodsPolicy";
  const tags = ["policy"];
  const tenantOf = async (tenantId: string) => {
    const tenant = await findTenantById(ctx.store.db, tenantId);
    if (!tenant) throw new VarcoError("tenant_not_found");
    return tenant;
  };
  // With every method's configuration (registerMethodConfigurationsRoutes changes them).
  const shape = async (tenantId: string, policy: TenantPolicy) => ({
    id: "authenticationMethodsPolicy" as const,
    ...policy,
    trustedIpRanges: [...policy.trustedIpRanges],
    fraudNotificationEmails: [...policy.fraudNotificationEmails],
    phishingResistantGroupIds: [...policy.phishingResistantGroupIds],
    passwordResetMethods: [...policy.passwordResetMethods],
    authenticationMethodConfigurations: (await readMethodConfigurations(ctx, tenantId)).map(
      graphMethodConfiguration,
    ),
  });

  app.get(
    path,
    {
      schema: {
        summary: "The tenant's MFA policy",
        tags,
        response: { 200: AuthenticationMethodsPolicyBody, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readPolicy");
      return shape(admin.tenantId, (await tenantOf(admin.tenantId)).policy);
    },
  );

  app.patch(
    path,
    {
      schema: {
        summary: "Change the fields given; the others stay",
        description:
          "A value out of its range, or a field the policy does not have, is refused with invalid_policy " +
          "(invalid_ip_range for a trusted range that is not CIDR), and the message names the field.",
        tags,
        body: TenantPolicyChanges,
        response: {
          200: AuthenticationMethodsPolicyBody,
          ...errorResponses(400, 401, 403, 404, 413, 415),
        },
      },
      // The body's refusal is the domain's invalid_policy, which names the field.
      attachValidation: true,
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "writePolicy");
      const tenant = await tenantOf(admin.tenantId);
      if (request.validationError) {
        const raw: unknown = request.body;
        throw policyRefusal(request.validationError.validation, raw, tenant.policy);
      }
      const { id: _id, authenticationMethodConfigurations: _methods, ...changes } = request.body;
      return shape(tenant.id, await changeTenantPolicy(ctx, admin.actor, tenant, changes));
    },
  );
}

/**
 * Why a change the contract refused is wrong, in the domain's words when its own check finds the
 * fault (a range, a group, an IP range); otherwise the first field the contract named.
 */
function policyRefusal(
  errors: readonly FastifySchemaValidationError[],
  body: unknown,
  policy: TenantPolicy,
): VarcoError {
  if (typeof body === "object" && body !== null && !Array.isArray(body)) {
    try {
      checkTenantPolicy({ ...policy, ...body });
    } catch (error) {
      if (isVarcoError(error)) return error;
    }
  }
  const first = errors[0];
  const unknown = first?.params.additionalProperty;
  if (typeof unknown === "string") {
    return new VarcoError("invalid_policy", `unknown field ${unknown.slice(0, 60)}`);
  }
  const field = first?.instancePath.split("/")[1];
  return new VarcoError(
    "invalid_policy",
    field ? `${field} ${first?.message ?? "is not valid"}` : "the policy is an object of fields",
  );
}
