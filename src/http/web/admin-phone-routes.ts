import type { FastifyReply, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { isVarcoError, VarcoError } from "../../errors/varco-error.ts";
import type {
  PhoneSettings,
  PhoneSettingsChanges,
  SmsGatewayInput,
  VoiceProviderInput,
} from "../../phone-settings/phone-settings.ts";
import { readPhoneSettings } from "../../phone-settings/read-phone-settings.ts";
import { updatePhoneSettings } from "../../phone-settings/update-phone-settings.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import type { SmsGatewayConfig } from "../../sender/sms/sms-gateway.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { multiLineFields } from "../refuse-bad-input.ts";
import { adminPage, type PageAdmin, withPageAdmin } from "./admin-context.ts";
import { Checkbox, fieldsNamed, optionalText, pageForm, pageQuery } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

// The fields of one gateway's part of the form, each prefixed with `primary` or `secondary`.
const gatewayParts = [
  "Kind",
  "Host",
  "Port",
  "SystemId",
  "SourceAddress",
  "BaseUrl",
  "AccountSid",
  "From",
  "Url",
  "Method",
  "ContentType",
  "MessageIdPath",
] as const;
const gatewaySecrets = ["Password", "AuthToken"] as const;
const gatewayLong = ["Body", "Headers"] as const;
const slots = ["primary", "secondary"] as const;
type Slot = (typeof slots)[number];
const named = (parts: readonly string[]) =>
  slots.flatMap((slot) => parts.map((part) => `${slot}${part}`));

const numberFields = [
  "messagesPerUserPerHour",
  "messagesPerNumberPerHour",
  "messagesPerTenantPerHour",
  "monthlyMessageCap",
  "codeLength",
  "codeLifetimeMinutes",
  "resendCooldownSeconds",
] as const;
const multiLine = [...named(gatewayLong), "allowedCountries"];

// One form per section (its `section` says which), so each changes only its own fields. Every
// value is the domain's to check; the form only bounds the sizes.
const PhoneForm = pageForm({
  section: optionalText(20),
  ...fieldsNamed(named(gatewayParts), optionalText(2000)),
  ...fieldsNamed(named(gatewaySecrets), optionalText(256)),
  ...fieldsNamed(named(gatewayLong), optionalText(4000)),
  primaryTls: Checkbox,
  secondaryTls: Checkbox,
  voiceKind: optionalText(20),
  voiceBaseUrl: optionalText(2000),
  voiceAccountSid: optionalText(100),
  voiceAuthToken: optionalText(256),
  callerId: optionalText(64),
  fraudCode: optionalText(10),
  country: optionalText(10),
  allowedCountries: optionalText(1000),
  ...fieldsNamed(numberFields, optionalText(20)),
});
type PhoneFormBody = Static<typeof PhoneForm>;
const SavedQuery = pageQuery({ notice: optionalText(40) });

/** The settings as the form shows them: never a credential (those fields are always empty). */
function formValues(settings: PhoneSettings): Record<string, string> {
  const values: Record<string, string> = {
    voiceKind: settings.voiceProvider?.kind ?? "",
    voiceBaseUrl: settings.voiceProvider?.baseUrl ?? "",
    voiceAccountSid: settings.voiceProvider?.accountSid ?? "",
    callerId: settings.callerId,
    fraudCode: settings.fraudCode,
    country: settings.country,
    allowedCountries: settings.allowedCountries.join(" "),
  };
  for (const field of numberFields) values[field] = String(settings[field]);
  for (const slot of slots) {
    Object.assign(
      values,
      gatewayValues(slot, slot === "primary" ? settings.smsPrimary : settings.smsSecondary),
    );
  }
  return values;
}

function gatewayValues(slot: Slot, gateway: SmsGatewayConfig | undefined): Record<string, string> {
  const values: Record<string, string> = {
    [`${slot}Kind`]: gateway?.kind ?? "",
    [`${slot}Port`]: "2775",
    [`${slot}Method`]: "POST",
    [`${slot}ContentType`]: "application/json",
  };
  if (gateway?.kind === "smpp") {
    Object.assign(values, {
      [`${slot}Host`]: gateway.host,
      [`${slot}Port`]: String(gateway.port),
      [`${slot}Tls`]: gateway.tls ? "on" : "",
      [`${slot}SystemId`]: gateway.systemId,
      [`${slot}SourceAddress`]: gateway.sourceAddress,
    });
  } else if (gateway?.kind === "twilio") {
    Object.assign(values, {
      [`${slot}BaseUrl`]: gateway.baseUrl,
      [`${slot}AccountSid`]: gateway.accountSid,
      [`${slot}From`]: gateway.from,
    });
  } else if (gateway?.kind === "httpTemplate") {
    Object.assign(values, {
      [`${slot}Url`]: gateway.url,
      [`${slot}Method`]: gateway.method,
      [`${slot}ContentType`]: gateway.contentType,
      [`${slot}Body`]: gateway.body,
      [`${slot}MessageIdPath`]: gateway.messageIdPath ?? "",
    });
  }
  return values;
}

/** A number typed in the form; anything else becomes NaN, which the domain refuses by name. */
const numberOf = (text: string | undefined) => {
  const trimmed = (text ?? "").trim();
  return /^\d{1,10}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
};

/** `Name: value`, one a line; empty: keep the stored headers. */
function headersOf(text: string | undefined): Record<string, string> | undefined {
  const lines = (text ?? "").split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines.length === 0) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0)
      throw new VarcoError("invalid_sms_gateway", "headers: one `Name: value` a line");
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** One gateway from its part of the form: no kind removes it; empty credentials are kept. */
function gatewayOf(body: PhoneFormBody, slot: Slot): SmsGatewayInput | null {
  const field = (part: string) => (body as Record<string, string | undefined>)[`${slot}${part}`];
  const given = (part: string) => {
    const value = field(part);
    return value === undefined || value === "" ? undefined : value;
  };
  switch (field("Kind") ?? "") {
    case "":
      return null;
    case "smpp":
      return {
        kind: "smpp",
        host: (field("Host") ?? "").trim(),
        port: numberOf(field("Port")),
        tls: field("Tls") !== undefined,
        systemId: field("SystemId") ?? "",
        sourceAddress: (field("SourceAddress") ?? "").trim(),
        ...(given("Password") !== undefined ? { password: given("Password") } : {}),
      };
    case "twilio":
      return {
        kind: "twilio",
        baseUrl: (field("BaseUrl") ?? "").trim(),
        accountSid: (field("AccountSid") ?? "").trim(),
        from: (field("From") ?? "").trim(),
        ...(given("AuthToken") !== undefined ? { authToken: given("AuthToken") } : {}),
      };
    case "httpTemplate": {
      const headers = headersOf(field("Headers"));
      const path = given("MessageIdPath");
      return {
        kind: "httpTemplate",
        url: (field("Url") ?? "").trim(),
        method: field("Method") as "POST",
        contentType: field("ContentType") as "application/json",
        body: field("Body") ?? "",
        ...(path !== undefined ? { messageIdPath: path.trim() } : {}),
        ...(headers ? { headers } : {}),
      };
    }
    default:
      // An unknown kind reaches the domain as it was sent, to be refused there by name.
      return { kind: field("Kind") } as unknown as SmsGatewayInput;
  }
}

/** What one section of the form changes. */
function changesOf(body: PhoneFormBody): PhoneSettingsChanges {
  switch (body.section) {
    case "sms":
      return { smsPrimary: gatewayOf(body, "primary"), smsSecondary: gatewayOf(body, "secondary") };
    case "voice": {
      const token = body.voiceAuthToken ?? "";
      const voiceProvider: VoiceProviderInput | null =
        (body.voiceKind ?? "") === ""
          ? null
          : {
              kind: body.voiceKind as "twilio",
              baseUrl: (body.voiceBaseUrl ?? "").trim(),
              accountSid: (body.voiceAccountSid ?? "").trim(),
              ...(token !== "" ? { authToken: token } : {}),
            };
      return {
        voiceProvider,
        callerId: (body.callerId ?? "").trim(),
        fraudCode: (body.fraudCode ?? "").trim(),
      };
    }
    case "limits": {
      const changes: Record<string, unknown> = {
        country: (body.country ?? "").trim(),
        allowedCountries: (body.allowedCountries ?? "").split(/[\s,;]+/).filter(Boolean),
      };
      for (const field of numberFields) changes[field] = numberOf(body[field]);
      return changes as PhoneSettingsChanges;
    }
    default:
      throw new VarcoError("invalid_phone_settings", "the form names no section");
  }
}

/**
 * The tenant's phone settings on one page: the SMS gateways, the limits and countries, the call
 * settings. Credentials are password fields that are never filled in: left empty, the stored
 * one stays (while the gateway keeps its kind and address).
 */
export function registerAdminPhoneRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const show = async (
    admin: PageAdmin,
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      values?: Record<string, string>;
      notice?: "phone_settings_saved";
      error?: string;
      errorDetail?: string;
      status?: number;
    },
  ) => {
    const settings = await readPhoneSettings(ctx, admin.tenant.id);
    return sendPage(
      web,
      request,
      reply,
      "admin-phone",
      {
        values: extra.values ?? formValues(settings),
        configured: {
          primary: settings.smsPrimary !== undefined,
          secondary: settings.smsSecondary !== undefined,
          voice: settings.voiceProvider !== undefined,
        },
        readOnly: !isAllowed(admin.principal, "writePolicy"),
        ...(extra.notice ? { notice: extra.notice } : {}),
        ...(extra.error ? { error: extra.error } : {}),
        ...(extra.errorDetail ? { errorDetail: extra.errorDetail } : {}),
      },
      { ...adminPage(admin), status: extra.status ?? 200 },
    );
  };

  app.get("/admin/phone", { schema: { querystring: SavedQuery } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "readPolicy");
      const saved = request.query.notice === "phone_settings_saved";
      return show(admin, request, reply, saved ? { notice: "phone_settings_saved" } : {});
    }),
  );

  const options = { schema: { body: PhoneForm }, config: multiLineFields(multiLine) };
  app.post("/admin/phone", options, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "writePolicy");
      try {
        await updatePhoneSettings(ctx, admin.actor, admin.tenant.id, changesOf(request.body));
        return seeOther(reply, "/admin/phone?notice=phone_settings_saved");
      } catch (error) {
        if (!isVarcoError(error) || error.status >= 500) throw error;
        // The form again with what was typed (never a credential) and why it was refused.
        const values = formValues(await readPhoneSettings(ctx, admin.tenant.id));
        for (const [key, value] of Object.entries(request.body)) {
          const secret = /(Password|AuthToken|Headers)$/.test(key) || key === "_csrf";
          if (!secret && typeof value === "string") values[key] = value;
        }
        for (const slot of slots) {
          if (request.body.section === "sms") {
            values[`${slot}Tls`] = request.body[`${slot}Tls`] !== undefined ? "on" : "";
          }
        }
        return show(admin, request, reply, {
          values,
          error: error.code,
          ...(error.detail ? { errorDetail: error.detail } : {}),
          status: error.status,
        });
      }
    }),
  );
}
