import type { FastifySchemaValidationError } from "fastify";
import { Type } from "typebox";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { maxKeyRestrictionAaGuids } from "../../policy/method-configurations/fido2-settings.ts";
import { fido2SettingNames } from "../../policy/method-configurations/fido2-settings-changes.ts";
import {
  type MethodConfigurationId,
  maxMethodTargets,
  methodConfigurationIdOf,
} from "../../policy/method-configurations/method-configuration.ts";
import { phoneGatewaysReady } from "../../policy/method-configurations/phone-gateways-ready.ts";
import { readMethodConfigurations } from "../../policy/method-configurations/read-method-configurations.ts";
import { updateMethodConfiguration } from "../../policy/method-configurations/update-method-configuration.ts";
import { authorize } from "../../roles/authorize.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { NoContent } from "../contracts/no-content.ts";
import { adminOf } from "./admin-principal.ts";
import {
  GraphMethodConfiguration,
  graphMethodConfiguration,
  MethodConfigurationChanges,
  methodConfigurationTypes,
} from "./graph-method-configuration.ts";

const ConfigurationParams = Type.Object({
  id: Type.String({
    maxLength: 40,
    description:
      "Sms, Voice, SoftwareOath, HardwareOath, TemporaryAccessPass, Fido2 or Email (any case)",
  }),
});

/** The method the path names; an unknown id is a configuration that does not exist. */
function methodOfPath(id: string): MethodConfigurationId {
  const method = methodConfigurationIdOf(id);
  if (!method) throw new VarcoError("method_configuration_not_found");
  return method;
}

/**
 * `policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}`, as Graph has it:
 * whether a method is enabled and for whom. Reading takes readPolicy, changing writePolicy, like
 * the policy itself (policy-routes.ts); a change answers 204, as Graph's does.
 */
export function registerMethodConfigurationsRoutes(app: ContractApp, ctx: Context): void {
  const path =
    "/api/v1/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/:id";
  const tags = ["policy"];

  app.get(
    path,
    {
      schema: {
        summary: "Whether a method is enabled, and for whom",
        tags,
        params: ConfigurationParams,
        response: { 200: GraphMethodConfiguration, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readPolicy");
      const method = methodOfPath(request.params.id);
      const configurations = await readMethodConfigurations(ctx, admin.tenantId);
      const found = configurations.find((configuration) => configuration.id === method);
      if (!found) throw new VarcoError("method_configuration_not_found");
      return graphMethodConfiguration(found);
    },
  );

  app.patch(
    path,
    {
      schema: {
        summary: "Enable or disable a method, and choose its groups",
        description:
          "The fields given replace the stored ones. Refused, changing nothing: a group that is not the tenant's " +
          "(unknown_target_group), more than 50 targets in a list (too_many_method_targets), a target or state " +
          "of the wrong shape (invalid_method_configuration), Sms or Voice enabled without a gateway " +
          "(phone_gateway_not_configured). Fido2 takes its settings too (isAttestationEnforced, " +
          "isSelfServiceRegistrationAllowed, keyRestrictions, isUserVerificationRequired, " +
          "clonedCredentialAction; any other method refuses them with invalid_method_configuration): a " +
          "wrong value is invalid_fido2_settings, more than 100 AAGUIDs too_many_aaguids.",
        tags,
        params: ConfigurationParams,
        body: MethodConfigurationChanges,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
      // The body's refusal is the domain's code, which names the field.
      attachValidation: true,
    },
    async (request, reply) => {
      const admin = adminOf(request);
      authorize(admin, "writePolicy");
      const method = methodOfPath(request.params.id);
      if (request.validationError) throw bodyRefusal(request.validationError.validation, method);
      const { "@odata.type": type, id, ...changes } = request.body;
      if (type !== undefined && type !== methodConfigurationTypes[method]) {
        throw new VarcoError("invalid_method_configuration", `@odata.type is not the id's type`);
      }
      if (id !== undefined && methodConfigurationIdOf(id) !== method) {
        throw new VarcoError("invalid_method_configuration", "id differs from the path's");
      }
      const gatewayReady = await phoneGatewaysReady(ctx, admin.tenantId);
      await updateMethodConfiguration(
        ctx,
        admin.actor,
        admin.tenantId,
        method,
        changes,
        gatewayReady,
      );
      return reply.status(204).send();
    },
  );
}

/**
 * What the contract refused, in the domain's code: too many targets or AAGUIDs, a Fido2 setting
 * that is wrong, or the field that is wrong.
 */
function bodyRefusal(
  errors: readonly FastifySchemaValidationError[],
  method: MethodConfigurationId,
): VarcoError {
  const first = errors[0];
  const path = first?.instancePath.split("/") ?? [];
  const field = path[1];
  const setting = field !== undefined && (fido2SettingNames as readonly string[]).includes(field);
  if (setting && method !== "Fido2") {
    return new VarcoError("invalid_method_configuration", `${field} is a setting of Fido2`);
  }
  if (field === "keyRestrictions" && first?.keyword === "maxItems") {
    return new VarcoError("too_many_aaguids", `more than ${maxKeyRestrictionAaGuids}`);
  }
  if (first?.keyword === "maxItems" && field) {
    return new VarcoError("too_many_method_targets", `${field} has more than ${maxMethodTargets}`);
  }
  if (setting) {
    const unknown = first?.params.additionalProperty;
    return new VarcoError(
      "invalid_fido2_settings",
      typeof unknown === "string"
        ? `${field} has no field ${unknown.slice(0, 60)}`
        : `${path.slice(1).join(".")} ${first?.message ?? "is not valid"}`,
    );
  }
  const unknown = first?.params.additionalProperty;
  if (typeof unknown === "string") {
    return new VarcoError("invalid_method_configuration", `unknown field ${unknown.slice(0, 60)}`);
  }
  return new VarcoError(
    "invalid_method_configuration",
    field ? `${field} ${first?.message ?? "is not valid"}` : "the change is an object of fields",
  );
}
