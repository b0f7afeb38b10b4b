import type { FastifySchemaValidationError } from "fastify";
import type { Context } from "../../context.ts";
import { isVarcoError, VarcoError } from "../../errors/varco-error.ts";
import { applyPhoneChanges } from "../../phone-settings/apply-phone-changes.ts";
import type { PhoneSettings, PhoneSettingsChanges } from "../../phone-settings/phone-settings.ts";
import {
  phoneSettingsSummary,
  type SmsGatewaySummary,
} from "../../phone-settings/phone-settings-summary.ts";
import { readPhoneSettings } from "../../phone-settings/read-phone-settings.ts";
import { updatePhoneSettings } from "../../phone-settings/update-phone-settings.ts";
import { authorize } from "../../roles/authorize.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { isoTimeOrNull } from "../contracts/nullable.ts";
import { adminOf } from "./admin-principal.ts";
import { PhoneSettingsBody, PhoneSettingsChangesBody } from "./phone-settings-shape.ts";

const path = "/api/v1/phoneSettings";

const shape = (settings: PhoneSettings) => {
  const summary = phoneSettingsSummary(settings);
  return {
    id: "phoneSettings" as const,
    ...summary,
    allowedCountries: [...summary.allowedCountries],
    smsPrimary: gatewayView(summary.smsPrimary),
    smsSecondary: gatewayView(summary.smsSecondary),
    updatedAt: isoTimeOrNull(summary.updatedAt),
  };
};

const gatewayView = (gateway: SmsGatewaySummary | null) =>
  gateway?.kind === "httpTemplate"
    ? { ...gateway, headerNames: [...gateway.headerNames] }
    : gateway;

/**
 * `phoneSettings`: the caller's tenant's SMS gateways, call provider, toll-fraud limits and
 * countries. Read by whoever reads the policy; changed by whoever changes it. Credentials are
 * write-only: an answer never holds one.
 */
export function registerPhoneSettingsRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["phoneSettings"];

  app.get(
    path,
    {
      schema: {
        summary: "The tenant's phone settings, credentials shown only as configured",
        tags,
        response: { 200: PhoneSettingsBody, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readPolicy");
      return shape(await readPhoneSettings(ctx, admin.tenantId));
    },
  );

  app.patch(
    path,
    {
      schema: {
        summary: "Change the fields given; the others stay",
        description:
          "Refused with invalid_country_code, invalid_phone_limit, invalid_fraud_code, " +
          "invalid_caller_id, invalid_sms_gateway, invalid_voice_provider or " +
          "invalid_phone_settings (the detail names the field); 409 phone_settings_changed when " +
          "another change came between. A gateway without its credential keeps the stored one " +
          "only while its kind and address stay.",
        tags,
        body: PhoneSettingsChangesBody,
        response: { 200: PhoneSettingsBody, ...errorResponses(400, 401, 403, 409, 413, 415) },
      },
      // The body's refusal is the domain's, with its own code naming the field.
      attachValidation: true,
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "writePolicy");
      if (request.validationError) {
        const current = await readPhoneSettings(ctx, admin.tenantId);
        throw phoneSettingsRefusal(request.validationError.validation, request.body, current);
      }
      const { id: _id, ...changes } = request.body;
      return shape(
        await updatePhoneSettings(
          ctx,
          admin.actor,
          admin.tenantId,
          changes as PhoneSettingsChanges,
        ),
      );
    },
  );
}

/**
 * Why a change the contract refused is wrong, in the domain's words when its own check finds
 * the fault (it writes nothing); otherwise the first field the contract named.
 */
function phoneSettingsRefusal(
  errors: readonly FastifySchemaValidationError[],
  body: unknown,
  current: PhoneSettings,
): VarcoError {
  if (typeof body === "object" && body !== null && !Array.isArray(body)) {
    const { id: _id, ...changes } = body as Record<string, unknown>;
    try {
      applyPhoneChanges(current, changes as PhoneSettingsChanges);
    } catch (error) {
      if (isVarcoError(error)) return error;
    }
  }
  const first = errors[0];
  const unknown = first?.params.additionalProperty;
  if (typeof unknown === "string") {
    return new VarcoError("invalid_phone_settings", `unknown field ${unknown.slice(0, 60)}`);
  }
  const field = first?.instancePath.split("/")[1];
  return new VarcoError(
    "invalid_phone_settings",
    field
      ? `${field.slice(0, 60)} ${first?.message ?? "is not valid"}`
      : "the settings are an object of fields",
  );
}
