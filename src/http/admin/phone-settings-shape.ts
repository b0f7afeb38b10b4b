import { Type } from "typebox";
import { maxAllowedCountries } from "../../phone-settings/check-phone-fields.ts";
import { type PhoneLimitField, phoneLimitRanges } from "../../phone-settings/phone-settings.ts";
import { Nullable } from "../contracts/nullable.ts";

// The tenant's phone settings as the admin API reads and writes them. Credentials (an SMPP
// password, a token, an HTTP gateway's header values) are write-only: an answer says only
// `configured: true`, and a change that leaves them out keeps the stored ones while the gateway
// keeps its kind and address (src/phone-settings/check-gateway.ts).

const ranged = (field: PhoneLimitField, description: string) =>
  Type.Integer({
    minimum: phoneLimitRanges[field][0],
    maximum: phoneLimitRanges[field][1],
    description,
  });

const address = (description: string) => Type.String({ maxLength: 2000, description });
const loopbackNote = "https; http only to a loopback address (a local relay or test double)";

const smppFields = {
  kind: Type.Literal("smpp"),
  host: Type.String({ maxLength: 253, description: "The SMSC's host name or IP address" }),
  port: Type.Integer({ minimum: 1, maximum: 65_535 }),
  tls: Type.Boolean({ description: "Bind over TLS" }),
  systemId: Type.String({ maxLength: 15, description: "SMPP 3.4 system_id" }),
  sourceAddress: Type.String({
    maxLength: 21,
    description: "The sender shown on the phone: a number or up to 11 letters and digits",
  }),
};
const twilioFields = {
  kind: Type.Literal("twilio"),
  baseUrl: address(`https://api.twilio.com or a compatible provider; ${loopbackNote}`),
  accountSid: Type.String({ maxLength: 64 }),
  from: Type.String({
    maxLength: 34,
    description: "A number with +, an 11-character sender name or a messaging service id",
  }),
};
const templateFields = {
  kind: Type.Literal("httpTemplate"),
  url: address(`The request's address, placeholders allowed after the host; ${loopbackNote}`),
  method: Type.Union([Type.Literal("POST"), Type.Literal("GET")]),
  contentType: Type.Union([
    Type.Literal("application/json"),
    Type.Literal("application/x-www-form-urlencoded"),
  ]),
  body: Type.String({
    maxLength: 4000,
    description: "With {{to}} and {{text}} (in the url for GET); {{reference}} optional",
  }),
};
const configured = Type.Literal(true, { description: "The credential is stored (never shown)" });

const SmsGatewayView = Type.Union(
  [
    Type.Object({ ...smppFields, configured }),
    Type.Object({ ...twilioFields, configured }),
    Type.Object({
      ...templateFields,
      messageIdPath: Nullable(Type.String()),
      headerNames: Type.Array(Type.String(), { description: "Header values are never shown" }),
      configured,
    }),
  ],
  { description: "An SMS gateway, without its credential" },
);

const VoiceProviderView = Type.Object({
  kind: Type.Literal("twilio"),
  baseUrl: Type.String(),
  accountSid: Type.String(),
  configured,
});

const leaveOutToKeep =
  "Leave it out to keep the stored one (only while the kind and the address stay the same)";
const strict = { additionalProperties: false } as const;

const SmsGatewayInput = Type.Union(
  [
    Type.Object(
      {
        ...smppFields,
        password: Type.Optional(
          Type.String({ maxLength: 8, description: `SMPP 3.4 password. ${leaveOutToKeep}` }),
        ),
      },
      strict,
    ),
    Type.Object(
      {
        ...twilioFields,
        authToken: Type.Optional(Type.String({ maxLength: 256, description: leaveOutToKeep })),
      },
      strict,
    ),
    Type.Object(
      {
        ...templateFields,
        messageIdPath: Type.Optional(
          Type.String({ maxLength: 1000, description: "Dotted path of the id in a JSON answer" }),
        ),
        headers: Type.Optional(
          Type.Record(Type.String(), Type.String({ maxLength: 4000 }), {
            description: `Sent as they are (an Authorization header). ${leaveOutToKeep}`,
          }),
        ),
      },
      strict,
    ),
  ],
  { description: "An SMS gateway: smpp, twilio or httpTemplate" },
);

const VoiceProviderInput = Type.Object(
  {
    kind: Type.Literal("twilio"),
    baseUrl: address(`The provider's API; ${loopbackNote}`),
    accountSid: Type.String({ maxLength: 64 }),
    authToken: Type.Optional(Type.String({ maxLength: 256, description: leaveOutToKeep })),
  },
  strict,
);

const plainFields = {
  country: Type.String({ maxLength: 2, description: "The tenant's country, ISO 3166 alpha-2" }),
  allowedCountries: Type.Array(Type.String({ maxLength: 2 }), {
    minItems: 1,
    maxItems: maxAllowedCountries,
    description: "Countries whose numbers may get an SMS or a call (alpha-2)",
  }),
  messagesPerUserPerHour: ranged("messagesPerUserPerHour", "SMS and calls to one user an hour"),
  messagesPerNumberPerHour: ranged(
    "messagesPerNumberPerHour",
    "SMS and calls to one number an hour",
  ),
  messagesPerTenantPerHour: ranged(
    "messagesPerTenantPerHour",
    "SMS and calls of the whole tenant an hour",
  ),
  monthlyMessageCap: ranged("monthlyMessageCap", "SMS and calls in a month; 0: no cap"),
  callerId: Type.String({
    maxLength: 64,
    description: "E.164 number calls come from; empty: none",
  }),
  fraudCode: Type.String({
    maxLength: 2,
    description: "Keys that report a call as fraud (one or two of 0-9, *, #; not starting with #)",
  }),
  codeLength: ranged("codeLength", "Digits of an SMS code"),
  codeLifetimeMinutes: ranged("codeLifetimeMinutes", "Minutes an SMS code stays valid"),
  resendCooldownSeconds: ranged("resendCooldownSeconds", "Seconds before another code may be sent"),
};

/** The settings as the API answers them. */
export const PhoneSettingsBody = Type.Object(
  {
    id: Type.Literal("phoneSettings"),
    smsPrimary: Type.Union([SmsGatewayView, Type.Null()]),
    smsSecondary: Type.Union([SmsGatewayView, Type.Null()], {
      description: "Takes over when the primary fails or times out",
    }),
    voiceProvider: Type.Union([VoiceProviderView, Type.Null()]),
    ...plainFields,
    smsEnabled: Type.Boolean({ description: "A primary SMS gateway is set" }),
    voiceEnabled: Type.Boolean({ description: "A call provider and a caller ID are set" }),
    version: Type.Integer({ description: "Grows by one with every change" }),
    updatedAt: Nullable(Type.String({ format: "date-time" })),
  },
  { description: "The tenant's SMS gateways, call provider, limits and countries" },
);

/** A change: any of the fields, the others stay; null removes a gateway or the provider. */
export const PhoneSettingsChangesBody = Type.Object(
  {
    id: Type.Optional(Type.String({ description: "Ignored" })),
    smsPrimary: Type.Optional(Type.Union([SmsGatewayInput, Type.Null()])),
    smsSecondary: Type.Optional(Type.Union([SmsGatewayInput, Type.Null()])),
    voiceProvider: Type.Optional(Type.Union([VoiceProviderInput, Type.Null()])),
    ...Type.Partial(Type.Object(plainFields)).properties,
  },
  { additionalProperties: false, description: "The fields to change" },
);
