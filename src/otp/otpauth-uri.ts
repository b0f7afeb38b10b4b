import { VarcoError } from "../errors/varco-error.ts";
import type { OtpAlgorithm, OtpDigits, OtpPeriod } from "./algorithms.ts";
import { decodeBase32, encodeBase32, maxImportedSecretLength } from "./base32.ts";
import { checkCounter } from "./check-otp-input.ts";
import { parseOtpAlgorithm, parseOtpDigits, parseOtpPeriod } from "./parameters.ts";
import { quoteValue } from "./quote-value.ts";

// Google's Key Uri Format (github.com/google/google-authenticator/wiki/Key-Uri-Format):
// otpauth://TYPE/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=…&digits=…&period=…|counter=…

export type OtpauthParams = {
  type: "totp" | "hotp";
  issuer: string;
  account: string;
  secret: Buffer;
  algorithm: OtpAlgorithm;
  digits: OtpDigits;
  period: OtpPeriod;
  counter?: number;
};

/** Enough for any real label and a 128-character secret; refuses pasted junk early. */
const maxOtpauthUriLength = 2048;
const prefix = "otpauth://";

/**
 * The URI for the enrolment QR code. algorithm, digits and period are written even when they
 * are the defaults, because some apps only honour what is spelt out. `period` is written for
 * TOTP only and `counter` for HOTP only. An empty issuer leaves out both the label prefix and
 * the issuer parameter. A ':' in the issuer or account is refused: the format has no way to
 * tell it from the separator, not even as %3A.
 */
export function buildOtpauthUri(params: OtpauthParams): string {
  if (params.type !== "totp" && params.type !== "hotp") {
    throw invalidParameters(`type ${quoteValue(params.type)} is not totp or hotp`);
  }
  checkLabelPart("issuer", params.issuer);
  checkLabelPart("account", params.account);
  if (params.account === "") throw invalidParameters("account is empty");
  if (params.account.startsWith(" ")) {
    throw invalidParameters("account starts with a space, which apps drop after the ':'");
  }
  if (!(params.secret instanceof Uint8Array) || params.secret.length === 0) {
    throw invalidParameters("secret is empty or not bytes");
  }

  const label = params.issuer
    ? `${encodeURIComponent(params.issuer)}:${encodeURIComponent(params.account)}`
    : encodeURIComponent(params.account);
  const query = [`secret=${encodeBase32(params.secret)}`];
  if (params.issuer) query.push(`issuer=${encodeURIComponent(params.issuer)}`);
  query.push(`algorithm=${parseOtpAlgorithm(params.algorithm)}`);
  query.push(`digits=${parseOtpDigits(params.digits)}`);
  if (params.type === "totp") {
    query.push(`period=${parseOtpPeriod(params.period)}`);
  } else {
    if (params.counter === undefined) throw invalidParameters("hotp needs a counter");
    checkCounter("counter", params.counter);
    query.push(`counter=${params.counter}`);
  }
  return `${prefix}${params.type}/${label}?${query.join("&")}`;
}

/**
 * Reads a URI from an authenticator export or another server. Accepts the issuer in the label,
 * in the issuer parameter or both (then they must agree), ':' or %3A between issuer and account,
 * parameter names in any case, and ignores parameters it does not know (image, color…).
 * Missing algorithm, digits and period default to SHA1, 6 and 30, as in every app.
 */
export function parseOtpauthUri(uri: string): OtpauthParams {
  if (typeof uri !== "string") throw invalidUri("is not a string");
  const text = uri.trim(); // QR scanners and copy-paste often add a newline
  if (text.length > maxOtpauthUriLength) {
    throw invalidUri(`longer than ${maxOtpauthUriLength} characters`);
  }
  if (text.slice(0, prefix.length).toLowerCase() !== prefix) {
    throw invalidUri(`does not start with "${prefix}"`);
  }

  const rest = text.slice(prefix.length);
  const queryStart = rest.indexOf("?") < 0 ? rest.length : rest.indexOf("?");
  const slash = rest.indexOf("/");
  if (slash < 0 || slash > queryStart) throw invalidUri("has no '/' and label after the type");
  const type = rest.slice(0, slash).toLowerCase();
  if (type !== "totp" && type !== "hotp") {
    throw invalidUri(`type ${quoteValue(rest.slice(0, slash))} is not totp or hotp`);
  }
  const { labelIssuer, account } = parseLabel(rest.slice(slash + 1, queryStart));
  const query = parseQuery(rest.slice(queryStart + 1));

  const secretText = query.get("secret");
  if (!secretText) throw invalidUri("has no secret parameter");
  const secret = asUriError("secret ", () =>
    decodeBase32(secretText, { maxLength: maxImportedSecretLength }),
  );

  const issuerParameter = query.get("issuer") || undefined;
  if (issuerParameter?.includes(":")) throw invalidUri("issuer parameter contains ':'");
  if (
    issuerParameter !== undefined &&
    labelIssuer !== undefined &&
    issuerParameter !== labelIssuer
  ) {
    throw invalidUri(
      `issuer parameter ${quoteValue(issuerParameter)} does not match ${quoteValue(labelIssuer)} in the label`,
    );
  }

  const algorithmText = query.get("algorithm");
  const digitsText = query.get("digits");
  const periodText = query.get("period");
  const params: OtpauthParams = {
    type,
    issuer: issuerParameter ?? labelIssuer ?? "",
    account,
    secret,
    algorithm:
      algorithmText === undefined ? "SHA1" : asUriError("", () => parseOtpAlgorithm(algorithmText)),
    digits: digitsText === undefined ? 6 : asUriError("", () => parseOtpDigits(digitsText)),
    // HOTP has no period; a stray one is ignored rather than refused.
    period:
      periodText === undefined || type === "hotp"
        ? 30
        : asUriError("", () => parseOtpPeriod(periodText)),
  };
  if (type === "hotp") params.counter = parseCounter(query.get("counter"));
  return params;
}

function checkLabelPart(name: string, value: string): void {
  if (typeof value !== "string") throw invalidParameters(`${name} is not a string`);
  if (value.includes(":")) {
    throw invalidParameters(`${name} ${quoteValue(value)} contains ':', the label separator`);
  }
}

function parseLabel(raw: string): { labelIssuer: string | undefined; account: string } {
  const label = decodeComponent(raw, "label");
  const colon = label.indexOf(":");
  if (colon < 0) {
    if (label === "") throw invalidUri("label has no account name");
    return { labelIssuer: undefined, account: label };
  }
  const labelIssuer = label.slice(0, colon);
  const account = label.slice(colon + 1).replace(/^ +/, ""); // the format allows spaces after ':'
  if (labelIssuer === "") throw invalidUri("label has nothing before ':'");
  if (account === "") throw invalidUri("label has no account name after ':'");
  if (account.includes(":")) throw invalidUri("label has more than one ':'");
  return { labelIssuer, account };
}

const knownParameters = new Set(["secret", "issuer", "algorithm", "digits", "period", "counter"]);

function parseQuery(raw: string): Map<string, string> {
  const query = new Map<string, string>();
  for (const pair of raw.split("&")) {
    const equals = pair.indexOf("=");
    const name = (equals < 0 ? pair : pair.slice(0, equals)).toLowerCase();
    if (!knownParameters.has(name)) continue;
    if (query.has(name)) throw invalidUri(`parameter ${name} appears more than once`);
    // '+' as a space, as in HTML forms and URLSearchParams; a literal '+' arrives as %2B.
    const value = equals < 0 ? "" : pair.slice(equals + 1).replaceAll("+", " ");
    query.set(name, decodeComponent(value, `parameter ${name}`));
  }
  return query;
}

function parseCounter(text: string | undefined): number {
  if (text === undefined || text === "") throw invalidUri("hotp URI has no counter parameter");
  const counter = /^[0-9]{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(counter)) {
    throw invalidUri(`counter ${quoteValue(text)} is not a whole number from 0 to 2^53-1`);
  }
  return counter;
}

function decodeComponent(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw);
  } catch (error) {
    throw invalidUri(`${what} is not valid percent-encoding`, error);
  }
}

/** Re-labels a parameter or Base32 error as a bad URI, keeping its detail. */
function asUriError<T>(prefixDetail: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof VarcoError)
      throw invalidUri(`${prefixDetail}${error.detail ?? error.code}`, error);
    throw error;
  }
}

function invalidUri(detail: string, cause?: unknown): VarcoError {
  return new VarcoError("invalid_otpauth_uri", detail, { cause });
}

function invalidParameters(detail: string): VarcoError {
  return new VarcoError("invalid_otp_parameters", detail);
}
