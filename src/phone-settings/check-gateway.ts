import { isIP } from "node:net";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { VarcoError } from "../errors/varco-error.ts";
import type { SmsGatewayConfig } from "../sender/sms/sms-gateway.ts";
import type { VoiceProviderConfig } from "../sender/voice/voice-provider-config.ts";
import { checkServiceUrl, destinationOf } from "./service-url.ts";

type Fields = Record<string, unknown>;

const refusal = (field: string, why: string) =>
  new VarcoError("invalid_sms_gateway", `${field}: ${why}`);

/** One line of printable text of 1 to `max` characters. */
function line(record: Fields, name: string, max: number, field: string): string {
  const value = record[name];
  if (typeof value !== "string" || value.length === 0 || value.length > max) {
    throw refusal(field, `${name} has 1 to ${max} characters`);
  }
  if (/\p{Cc}/u.test(value)) throw refusal(field, `${name} has a control character`);
  return value;
}

/** Fields that the kind does not have are refused, so a typo is not silently dropped. */
function onlyFields(record: Fields, allowed: readonly string[], field: string): void {
  const unknown = Object.keys(record).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw refusal(field, `unknown field ${unknown.slice(0, 60)}`);
}

/**
 * The credential of a gateway or provider given without it: the stored one, only when the stored
 * configuration has the same kind and sends to the same place. Otherwise an administrator could
 * point the stored password at a server of their own and read it there.
 */
function keepCredential<T extends { readonly kind: string }>(
  stored: T | undefined,
  kind: string,
  destination: string,
  destinationOfStored: (stored: T) => string,
): T | undefined {
  if (stored === undefined || stored.kind !== kind) return undefined;
  return destinationOfStored(stored) === destination ? stored : undefined;
}

const smppHost = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*$/;
// SMPP 3.4 §5.2.8 source_addr: a number (up to 20 digits) or an alphanumeric sender (GSM 03.38
// allows 11 characters).
const sourceAddress = /^(?:\+?[0-9]{1,20}|[A-Za-z0-9 ._-]{1,11})$/;
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const messageIdPath = /^[A-Za-z0-9_-]{1,100}(?:\.[A-Za-z0-9_-]{1,100}){0,9}$/;

/**
 * Checks an SMS gateway as an administrator sent it, and returns it complete: a credential left
 * out is the stored one when kind and address stay (keepCredential), refused otherwise.
 * `field` names the gateway in the refusal (smsPrimary, smsSecondary).
 */
export function checkSmsGateway(
  input: unknown,
  stored: SmsGatewayConfig | undefined,
  field: string,
): SmsGatewayConfig {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw refusal(field, "a gateway is an object with its kind");
  }
  const record = input as Fields;
  switch (record.kind) {
    case "smpp": {
      onlyFields(
        record,
        ["kind", "host", "port", "tls", "systemId", "password", "sourceAddress"],
        field,
      );
      const host = line(record, "host", 253, field);
      if (isIP(host) === 0 && !smppHost.test(host))
        throw refusal(field, "host is not a host name or IP address");
      const port = record.port;
      if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65_535) {
        throw refusal(field, "port is an integer from 1 to 65535");
      }
      if (typeof record.tls !== "boolean") throw refusal(field, "tls is true or false");
      // SMPP 3.4 §4.1.1 bind: system_id is at most 15 characters, password at most 8.
      const systemId = line(record, "systemId", 15, field);
      const source = line(record, "sourceAddress", 21, field);
      if (!sourceAddress.test(source)) {
        throw refusal(field, "sourceAddress is a number or up to 11 letters and digits");
      }
      const kept = keepCredential(stored, "smpp", `${host}:${port}`, (s) =>
        s.kind === "smpp" ? `${s.host}:${s.port}` : "",
      );
      const password =
        record.password === undefined && kept?.kind === "smpp"
          ? kept.password
          : line(record, "password", 8, field);
      return {
        kind: "smpp",
        host,
        port,
        tls: record.tls,
        systemId,
        password,
        sourceAddress: source,
      };
    }
    case "twilio": {
      onlyFields(record, ["kind", "baseUrl", "accountSid", "authToken", "from"], field);
      const baseUrl = checkServiceUrl(record.baseUrl, "invalid_sms_gateway", `${field}.baseUrl`);
      const accountSid = line(record, "accountSid", 64, field);
      if (!/^[A-Za-z0-9_-]+$/.test(accountSid))
        throw refusal(field, "accountSid has letters, digits, _ and - only");
      const from = line(record, "from", 34, field);
      const number = from.startsWith("+") ? parsePhoneNumberFromString(from) : undefined;
      if (
        from.startsWith("+")
          ? !number?.isValid()
          : !/^(?:[A-Za-z0-9 ]{1,11}|MG[0-9a-fA-F]{32})$/.test(from)
      ) {
        throw refusal(
          field,
          "from is a number with +, an 11-character sender name or a messaging service id",
        );
      }
      const base = baseUrl.href.replace(/\/$/, "");
      const kept = keepCredential(stored, "twilio", destinationOf(base), (s) =>
        s.kind === "twilio" ? destinationOf(s.baseUrl) : "",
      );
      const authToken =
        record.authToken === undefined && kept?.kind === "twilio"
          ? kept.authToken
          : line(record, "authToken", 256, field);
      return {
        kind: "twilio",
        baseUrl: base,
        accountSid,
        authToken,
        from: number ? number.number : from,
      };
    }
    case "httpTemplate":
      return checkHttpTemplate(record, stored, field);
    default:
      throw refusal(field, "kind is smpp, twilio or httpTemplate");
  }
}

function checkHttpTemplate(
  record: Fields,
  stored: SmsGatewayConfig | undefined,
  field: string,
): SmsGatewayConfig {
  onlyFields(
    record,
    ["kind", "url", "method", "headers", "contentType", "body", "messageIdPath"],
    field,
  );
  const url = checkServiceUrl(record.url, "invalid_sms_gateway", `${field}.url`);
  if (url.origin.includes("{") || url.origin.includes("%7B")) {
    throw refusal(field, "url has no placeholder before its path");
  }
  const method = record.method;
  if (method !== "POST" && method !== "GET") throw refusal(field, "method is POST or GET");
  const contentType = record.contentType;
  if (contentType !== "application/json" && contentType !== "application/x-www-form-urlencoded") {
    throw refusal(field, "contentType is application/json or application/x-www-form-urlencoded");
  }
  const body = record.body ?? "";
  if (typeof body !== "string" || body.length > 4000)
    throw refusal(field, "body has at most 4000 characters");
  // The message must reach the gateway: GET carries it in the address, POST in either.
  const template = `${record.url as string}\n${method === "POST" ? body : ""}`;
  for (const placeholder of ["{{to}}", "{{text}}"]) {
    if (!template.includes(placeholder)) {
      throw refusal(
        field,
        `the ${method === "POST" ? "url or body" : "url"} has no ${placeholder}`,
      );
    }
  }
  const path = record.messageIdPath;
  if (path !== undefined && (typeof path !== "string" || !messageIdPath.test(path))) {
    throw refusal(field, "messageIdPath is a dotted path such as messages.0.id");
  }
  const kept = keepCredential(stored, "httpTemplate", url.origin, (s) =>
    s.kind === "httpTemplate" ? destinationOf(s.url) : "",
  );
  const headers =
    record.headers === undefined && kept?.kind === "httpTemplate"
      ? kept.headers
      : checkHeaders(record.headers ?? {}, field);
  return {
    kind: "httpTemplate",
    url: record.url as string,
    method,
    headers,
    contentType,
    body,
    ...(path !== undefined ? { messageIdPath: path as string } : {}),
  };
}

/** Header names as RFC 9110 tokens, values one line; at most 20 headers. */
function checkHeaders(value: unknown, field: string): Readonly<Record<string, string>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw refusal(field, "headers is an object of names and values");
  }
  const entries = Object.entries(value as Fields);
  if (entries.length > 20) throw refusal(field, "at most 20 headers");
  const headers: Record<string, string> = {};
  for (const [name, text] of entries) {
    if (!headerName.test(name))
      throw refusal(field, `header name ${name.slice(0, 60)} is not valid`);
    if (typeof text !== "string" || text.length > 4000 || /\p{Cc}/u.test(text)) {
      throw refusal(field, `header ${name} is one line of at most 4000 characters`);
    }
    headers[name] = text;
  }
  return headers;
}

/** Checks the call provider as an administrator sent it; the token as checkSmsGateway's. */
export function checkVoiceProvider(
  input: unknown,
  stored: VoiceProviderConfig | undefined,
): VoiceProviderConfig {
  const refused = (why: string) =>
    new VarcoError("invalid_voice_provider", `voiceProvider: ${why}`);
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw refused("a provider is an object with its kind");
  }
  const record = input as Fields;
  if (record.kind !== "twilio") throw refused("kind is twilio");
  const unknown = Object.keys(record).find(
    (key) => !["kind", "baseUrl", "accountSid", "authToken"].includes(key),
  );
  if (unknown !== undefined) throw refused(`unknown field ${unknown.slice(0, 60)}`);
  const baseUrl = checkServiceUrl(
    record.baseUrl,
    "invalid_voice_provider",
    "voiceProvider.baseUrl",
  );
  const text = (name: string, max: number, pattern: RegExp) => {
    const value = record[name];
    if (
      typeof value !== "string" ||
      value.length === 0 ||
      value.length > max ||
      !pattern.test(value)
    ) {
      throw refused(`${name} has 1 to ${max} characters`);
    }
    return value;
  };
  const base = baseUrl.href.replace(/\/$/, "");
  const accountSid = text("accountSid", 64, /^[A-Za-z0-9_-]+$/);
  const kept = keepCredential(stored, "twilio", destinationOf(base), (s) =>
    destinationOf(s.baseUrl),
  );
  const authToken =
    record.authToken === undefined && kept
      ? kept.authToken
      : text("authToken", 256, /^[^\p{Cc}]+$/u);
  return { kind: "twilio", baseUrl: base, accountSid, authToken };
}
