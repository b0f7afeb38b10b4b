import type { InjectOptions } from "fastify";
import type { JsonSchema, Random, Target } from "./fuzz-targets.ts";

/**
 * Malformed requests for the fuzz test (test/security/malformed-requests.no-5xx.test.ts): for a
 * target, a request that is wrong in one way or in many. The strings it makes up that could be
 * taken for a secret hold `fuzzMarker`, so a log line that echoes one is found by a search.
 */

export const fuzzMarker = "Qz7fuzz";

/** Strings that break things: empty, huge, control characters, broken UTF-16, escapes, syntax. */
function oddString(r: Random): string {
  const m = fuzzMarker;
  return r.pick<() => string>([
    () => "",
    () => " ",
    () => `${m}${"x".repeat(r.pick([300, 5_000, 70_000]))}`,
    () => `${m}\u0000`,
    () => `a\u0000${m}@example.it`,
    () => `${m}\u0001\u0002\u001b[2J`,
    () => `${m}\r\n\t`,
    () => `${m}\u007f\u0085\u009f`,
    () => `${m}\ud800`,
    () => `\udfff${m}`,
    () => `${m}😀名\u202ee\u0301ﬁ`,
    () => `${m}%zz`,
    () => `${m}%`,
    () => `${m}%E0%A4%A`,
    () => `${m}%FF%00`,
    () => `${m}' OR '1'='1' --`,
    () => `${m}\\"`,
    () => `../../${m}/etc/passwd`,
    () => `startswith(userPrincipalName,'${m}') and (((`,
    () => `userPrincipalName eq '${m}`,
    () => r.pick(["-1", "0", "1e309", "NaN", "0x10", "999999999999999999999", "1.5"]),
    () => r.pick(["__proto__", "constructor", "toString", "hasOwnProperty"]),
    () => `${m}.user@example.it`,
    () => "123456",
    () => `${m}${r.int(1e9)}`,
  ])();
}

/** Any JSON value, of any type. */
function oddValue(r: Random, depth = 0): unknown {
  switch (r.int(depth > 2 ? 5 : 8)) {
    case 0:
      return r.pick([null, true, false]);
    case 1:
      return r.pick([0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER + 2]);
    case 2:
    case 3:
    case 4:
      return oddString(r);
    case 5:
      return [oddValue(r, depth + 1), oddValue(r, depth + 1)];
    case 6:
      return { [oddString(r)]: oddValue(r, depth + 1) };
    default:
      return {};
  }
}

/** What a caller would send in a field of this name, or undefined for a name it does not know. */
function plausible(r: Random, name: string, known: Credentials): unknown {
  const digits = (n: number) => String(r.int(10 ** n)).padStart(n, "0");
  const values: Record<string, () => unknown> = {
    upn: () => r.pick([known.upn, `${fuzzMarker}.nobody@example.it`]),
    password: () => `${fuzzMarker}-password-${digits(4)}`,
    newPassword: () => `${fuzzMarker}-new-password-${digits(4)}`,
    code: () => digits(r.pick([6, 8, 10])),
    verificationCode: () => digits(6),
    methodId: () => r.pick(known.realIds),
    label: () => r.pick(["phone", "tablet", "work_2"]),
    reason: () => `${fuzzMarker} reason`,
    ticket: () => `HD-${digits(4)}`,
    tenant: () => r.pick(["default", "school", `${fuzzMarker}`]),
    serial: () => digits(8),
    format: () => r.pick(["seed", "privacyidea"]),
    remember: () => "on",
    rememberDevice: () => r.chance(0.5),
    pass: () => `${fuzzMarker}${digits(4)}`,
    temporaryAccessPass: () => `${fuzzMarker}${digits(4)}`,
    lifetimeMinutes: () => String(r.pick([60, 480, 5])),
    lifetimeInMinutes: () => r.pick([60, 480, 5]),
    isUsableOnce: () => r.chance(0.5),
    once: () => "on",
    removeMethods: () => r.chance(0.5) || "on",
    verdict: () => r.pick(["dismiss", "confirmCompromised"]),
    accountEnabled: () => r.chance(0.5),
    grant_type: () => "client_credentials",
    kind: () => r.pick(["code", "backupCode"]),
    q: () => "fuzz",
    returnTo: () => r.pick(["/security-info", "//evil.example", "javascript:alert(1)"]),
    trustedIpRanges: () => r.pick(["192.0.2.0/24", "192.0.2.0/24\r\n2001:db8::/32", "10.0.0.0/99"]),
    principalId: () => r.pick(known.realIds),
    roleDefinitionId: () => "729827e3-9c14-49f7-bb1b-9608f156bbb8",
    directoryScopeId: () => "/",
    userIds: () => [r.pick(known.realIds)],
    device: () => ({ id: r.pick(known.realIds) }),
    startDateTime: () => r.pick(["2026-11-22T10:00:00Z", "yesterday"]),
    $top: () => r.pick(["1", "10", "999", "1000"]),
    t: () => r.pick(["1", "1.5", "1e300", "9007199254740993", "-1"]),
    before: () => r.pick(["1", "1.5", "1e300", "9007199254740993", "-1"]),
    $filter: () => `startswith(userPrincipalName,'${fuzzMarker}')`,
    lang: () => r.pick(["it", "en"]),
  };
  return Object.hasOwn(values, name) ? values[name]?.() : undefined;
}

/**
 * A value of the schema's type, each field plausible for its name, or, at `oddRate`, odd: a
 * string that breaks things, or a value of another type.
 */
function valueFor(
  r: Random,
  schema: JsonSchema | undefined,
  oddRate: number,
  known: Credentials,
  name = "",
  depth = 0,
): unknown {
  if (r.chance(oddRate) || depth > 4) return r.chance(0.7) ? oddString(r) : oddValue(r);
  if (schema?.enum && r.chance(0.8)) return r.pick(schema.enum);
  const type = Array.isArray(schema?.type) ? r.pick(schema.type) : schema?.type;
  if (type !== "object" && type !== "array") {
    const likely = plausible(r, name, known);
    if (likely !== undefined) return likely;
  }
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema?.properties ?? {})) {
        const required = schema?.required?.includes(key);
        if (required ? r.chance(0.95) : r.chance(0.6))
          out[key] = valueFor(r, property, oddRate, known, key, depth + 1);
      }
      if (r.chance(oddRate / 2)) out[oddString(r)] = oddValue(r);
      return out;
    }
    case "array":
      return Array.from({ length: 1 + r.int(3) }, () =>
        valueFor(r, schema?.items, oddRate, known, name, depth + 1),
      );
    case "boolean":
      return r.chance(0.5);
    case "integer":
    case "number":
      return r.pick([0, 1, 10, -5, 100_000, 2 ** 53, 0.5]);
    case "string":
      return `${fuzzMarker}${r.int(1e6)}`;
    default:
      return oddValue(r);
  }
}

/** Bodies no parser should choke on. */
const badJson = [
  "{",
  '{"a":}',
  "nul",
  "[1,]",
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '"just a string"',
  "1e99999",
  "[]",
  "null",
  "true",
  `${"[".repeat(20_000)}${"]".repeat(20_000)}`,
  `{"a":${'{"a":'.repeat(10_000)}1${"}".repeat(10_001)}`,
  "\uFEFF{}",
];

const contentTypes = [
  "text/plain",
  "application/xml",
  "multipart/form-data",
  "multipart/form-data; boundary=",
  "application/json; charset=utf-16",
  "application/x-www-form-urlencoded",
  "APPLICATION/JSON",
  "application/jsonp",
  "application/json;;;",
  "text/csv",
  "*/*",
  "",
  "x".repeat(2_000),
];

/** A multipart body with these fields and, maybe, a file; now and then cut short or broken. */
export function multipartBody(
  r: Random,
  fields: Record<string, string>,
  file?: string,
): { type: string; payload: Buffer } {
  const boundary = `fuzz${r.int(1e9)}`;
  const parts = Object.entries(fields).map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  if (file !== undefined) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="tokens.csv"\r\n` +
        `Content-Type: text/csv\r\n\r\n${file}\r\n`,
    );
  }
  let text = `${parts.join("")}--${boundary}--\r\n`;
  if (r.chance(0.15)) text = text.slice(0, r.int(text.length));
  if (r.chance(0.05)) text = text.replaceAll(boundary, `${boundary}x`);
  return { type: `multipart/form-data; boundary=${boundary}`, payload: Buffer.from(text) };
}

/** A token CSV (seed 001's columns) with good, odd and broken rows. */
export function tokenCsv(r: Random, upn: string): string {
  const header = r.chance(0.9)
    ? "upn,serial number,secret key,time interval,manufacturer,model"
    : oddString(r);
  const rows = Array.from({ length: 1 + r.int(6) }, () =>
    r.chance(0.4)
      ? [r.chance(0.5) ? upn : "", String(r.int(1e8)), "JBSWY3DPEHPK3PXP", "30", "Maker", "M1"]
      : Array.from({ length: r.int(8) }, () => (r.chance(0.5) ? oddString(r).slice(0, 300) : "")),
  );
  return [header, ...rows.map((row) => row.join(r.chance(0.9) ? "," : "\t"))].join(
    r.pick(["\n", "\r\n", "\r"]),
  );
}

/** Percent-encoding that also takes half a surrogate pair, as the bytes WTF-8 gives it. */
function percentEncode(text: string): string {
  return [...text]
    .map((char) => {
      const unit = char.charCodeAt(0);
      if (char.length > 1 || unit < 0xd800 || unit > 0xdfff) return encodeURIComponent(char);
      return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join("");
    })
    .join("");
}

/** Path parameter values: real ones, made-up ones and, at `oddRate`, broken ones. */
function pathValue(r: Random, real: readonly string[], oddRate: number): string {
  if (!r.chance(oddRate)) {
    return r.chance(0.8) ? percentEncode(r.pick(real)) : crypto.randomUUID();
  }
  const raw = r.pick<() => string>([
    () => percentEncode(oddString(r).slice(0, 300)),
    () => r.pick(["%zz", "%", "%E0%A4%A", "%FF", "%00", "%C0%80", "..", "%2e%2e", "a%2Fb"]),
    () => "a".repeat(r.pick([100, 501, 3_000])),
  ])();
  return raw === "" ? "x" : raw;
}

export type FuzzRequest = InjectOptions & { url: string; headers: Record<string, string> };

export type Credentials = {
  /** What a live caller of `target` would send: a bearer, cookies, a CSRF field. */
  valid(target: Target): { headers: Record<string, string>; fields: Record<string, string> };
  /** Ids and UPNs that exist, for path parameters. */
  readonly realIds: readonly string[];
  readonly upn: string;
};

// The query names of the pages' links besides their forms' fields: the cursors of the lists.
const pageCursors = ["t", "i", "before", "after", "notice", "error", "method"];

/**
 * One malformed request for `target`: now all plausible but for one thing, now broken through and
 * through (`oddRate`), with a live caller's credentials or broken ones or none.
 */
export function malformedRequest(
  r: Random,
  target: Target,
  known: Credentials,
  fieldNames: readonly string[],
): FuzzRequest {
  const oddRate = r.pick([0, 0.05, 0.15, 0.4, 1]);
  const path = target.path.replace(/\{\w+\}/g, () => pathValue(r, known.realIds, oddRate));
  const page = !target.path.startsWith("/api/");
  const queryNames = [
    ...target.query,
    ...(page ? [...fieldNames, ...pageCursors].filter(() => r.chance(0.15)) : []),
    ...(r.chance(0.3) ? ["tenant", "lang", oddString(r)] : []),
  ];
  const query = queryNames
    .filter(() => r.chance(0.5))
    .map((name) => {
      const value = r.chance(oddRate)
        ? oddString(r).slice(0, r.chance(0.9) ? 500 : 20_000)
        : String(plausible(r, name, known) ?? fuzzMarker);
      const pair = `${percentEncode(name)}=${percentEncode(value)}`;
      return r.chance(0.1) ? `${pair}&${pair}` : r.chance(0.05) ? `${name}=${value}` : pair;
    })
    .join("&");
  const auth = r.pick(["none", "broken", "valid", "valid", "valid", "valid"] as const);
  const valid = auth === "valid" ? known.valid(target) : { headers: {}, fields: {} };
  const headers: Record<string, string> = { ...valid.headers };
  if (auth === "broken") {
    headers.authorization = r.pick([
      "Bearer",
      "Bearer ",
      `Bearer ${fuzzMarker}garbage`,
      `bearer ${"x".repeat(5_000)}`,
      `Basic ${Buffer.from("%:%").toString("base64")}`,
      `Basic ${Buffer.from(`${fuzzMarker}\u0000:x`).toString("base64")}`,
      "Basic !!!",
      `Digest ${fuzzMarker}`,
    ]);
    headers.cookie = r.pick([
      `varco_session=${fuzzMarker}%00`,
      `varco_pending=${fuzzMarker}; varco_csrf=${"a".repeat(43)}`,
      `varco_session=${"x".repeat(5_000)}`,
      `varco_lang=${fuzzMarker}%zz`,
    ]);
  }
  headers.accept = r.pick(["text/html", "application/json", "*/*", "text/html;q=0.1, */*"]);
  if (r.chance(0.1)) headers["accept-language"] = r.pick(["it", "xx-YY;q=abc", `${fuzzMarker},,;`]);
  if (r.chance(0.1))
    headers["user-agent"] = r.pick([`${fuzzMarker}\u0001`, "x".repeat(3_000), "😀"]);

  let payload: string | Buffer | undefined;
  let type: string | undefined;
  const shape = r.int(10);
  if (target.form && shape < 6) {
    const fields = Object.fromEntries(
      fieldNames
        .filter(() => r.chance(0.35))
        .map((name) => [
          name,
          r.chance(oddRate)
            ? oddString(r).slice(0, 2_000)
            : String(plausible(r, name, known) ?? fuzzMarker),
        ]),
    );
    const form = new URLSearchParams({ ...fields, ...valid.fields });
    if (r.chance(0.1)) form.append(r.pick(fieldNames), "second");
    payload = form.toString() + (r.chance(oddRate / 4) ? `&${fuzzMarker}=%zz&x=%&y=%FF%FE` : "");
    if (r.chance(0.05)) payload += `&pad=${"x".repeat(20_000)}`;
    type = "application/x-www-form-urlencoded";
    if (target.path === "/admin/tokens/import" && r.chance(0.7)) {
      const body = multipartBody(
        r,
        { ...valid.fields, format: r.pick(["seed", "privacyidea", fuzzMarker]) },
        r.chance(0.9) ? tokenCsv(r, known.upn) : undefined,
      );
      [type, payload] = [body.type, body.payload];
    }
  } else if (target.path.endsWith("/import") && shape < 7) {
    payload = tokenCsv(r, known.upn);
    type = r.pick(["text/csv", "text/csv; charset=utf-8", "text/csv; header=present"]);
  } else if (shape < 7) {
    const body = valueFor(r, target.body, oddRate, known);
    payload = JSON.stringify(body) ?? "null";
    type = "application/json";
    if (r.chance(0.05)) payload = JSON.stringify({ pad: "x".repeat(70_000), body });
  } else if (shape < 8) {
    payload = r.pick(badJson);
    type = "application/json";
  } else if (shape < 9) {
    // Invalid UTF-8 inside a JSON string: a stray continuation byte, an overlong NUL, a lone 0xFF.
    const bytes = r.pick([[0x80], [0xc0, 0x80], [0xff, 0xfe], [0xed, 0xa0, 0x80], [0xe0, 0xa4]]);
    const key = r.pick([...Object.keys(target.body?.properties ?? {}), "upn", "code"]);
    payload = Buffer.concat([
      Buffer.from(`{"${key}":"${fuzzMarker}`),
      Buffer.from(bytes),
      Buffer.from('"}'),
    ]);
    type = "application/json";
  } else {
    payload = r.chance(0.5) ? tokenCsv(r, known.upn) : JSON.stringify(oddValue(r));
    type = r.pick(contentTypes);
  }
  if (type !== undefined && !r.chance(0.05)) headers["content-type"] = type;
  const method = target.method === "GET" && r.chance(0.1) ? "HEAD" : target.method;
  return {
    method: method as InjectOptions["method"],
    url: query ? `${path}?${query}` : path,
    headers,
    ...(payload !== undefined && !["GET", "HEAD"].includes(method) ? { payload } : {}),
  };
}

/** The request as a line a person can read and replay. */
export function describeRequest(request: FuzzRequest): string {
  const cut = (text: string) =>
    text.length > 300 ? `${text.slice(0, 300)}… (${text.length})` : text;
  const payload =
    request.payload === undefined
      ? ""
      : Buffer.isBuffer(request.payload)
        ? ` body(hex) ${cut(request.payload.toString("hex"))}`
        : ` body ${cut(JSON.stringify(String(request.payload)))}`;
  return `${request.method} ${cut(request.url)} headers ${cut(JSON.stringify(request.headers))}${payload}`;
}
