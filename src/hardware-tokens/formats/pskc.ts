import { createDecipheriv, createHmac } from "node:crypto";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { constantTimeEqual } from "../../crypto/constant-time.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { OtpAlgorithm, OtpDigits, OtpPeriod } from "../../otp/algorithms.ts";
import { quoteValue } from "../../otp/quote-value.ts";
import { formulaProblem } from "../formula-problem.ts";
import type { ImportedToken, ImportRow } from "../imported-token.ts";
import { refusal, refusalText } from "../refusal.ts";

/**
 * Reads a PSKC file (RFC 6030, Portable Symmetric Key Container): the XML in which hardware
 * OATH token vendors ship their seeds, in the clear or encrypted with a pre-shared key
 * (AES-CBC with the IV before the cipher text, HMAC over IV and cipher text, section 6.1).
 *
 * Each KeyPackage becomes one row, `line` being its position in the file counted from 1: a
 * token or the reason it was refused, with [serial, manufacturer, model, user] as read (the
 * columns of its error CSV: errorCsvHeader("pskc")). A file
 * that is not a PSKC document at all throws `invalid_request`.
 */
export function readPskc(xml: string, options: { preSharedKey?: Uint8Array }): ImportRow[] {
  const container = parseContainer(xml);
  const decryption = decryptionFor(container, options.preSharedKey);
  const firstLineOf = new Map<string, number>();
  return children(container, "KeyPackage").map((keyPackage, index): ImportRow => {
    const line = index + 1;
    const fields = readFields(keyPackage);
    try {
      const token = readToken(keyPackage, fields, decryption);
      const earlier = firstLineOf.get(token.serialNumber);
      if (earlier !== undefined) {
        throw new RowError(
          `the serial number ${quoteValue(token.serialNumber)} already appears in key package ${earlier}`,
        );
      }
      firstLineOf.set(token.serialNumber, line);
      const { serial, manufacturer, model, userId } = fields;
      return { line, token, fields: [serial, manufacturer, model, userId] };
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      const { serial, manufacturer, model, userId } = fields;
      const reason = refusal("worded", { detail: error.message });
      return { line, error: reason, fields: [serial, manufacturer, model, userId] };
    }
  });
}

const maxDocumentBytes = 64 * 1024 * 1024;
const maxLabelLength = 64;
const macMismatch = "the MAC does not match: wrong pre-shared key or altered file";

/** A reason to refuse one key package; the other packages still import. */
class RowError extends Error {}

type Fields = { serial: string; manufacturer: string; model: string; userId: string };
type MacHash = "sha1" | "sha224" | "sha256" | "sha384" | "sha512";
type Mac = { readonly hash: MacHash; readonly key: Uint8Array };
type Decryption = {
  readonly preSharedKey: Uint8Array | undefined;
  /** Why this file's encrypted values cannot be read with a pre-shared key, if they cannot. */
  readonly unsupported: string | undefined;
  readonly macMethod: unknown;
  readonly mac: () => Mac;
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Only the five XML built-ins and character references: a DOCTYPE is refused before parsing.
  processEntities: true,
});

function parseContainer(xml: string): unknown {
  // Bytes in UTF-8 are never fewer than UTF-16 code units, so the cheap test goes first.
  if (xml.length > maxDocumentBytes || Buffer.byteLength(xml, "utf8") > maxDocumentBytes) {
    throw new VarcoError("invalid_request", "the PSKC file is larger than 64 MiB");
  }
  // PSKC never needs a DOCTYPE; refusing it outright rules out entity expansion attacks
  // (billion laughs) and external entities whatever the parser would do with them.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new VarcoError("invalid_request", "the PSKC file declares a DOCTYPE or entities");
  }
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line } = validation.err;
    throw new VarcoError(
      "invalid_request",
      `the PSKC file is not well-formed XML: ${msg.slice(0, 120)} (line ${line})`,
    );
  }
  let document: unknown;
  try {
    document = parser.parse(xml);
  } catch (error) {
    throw new VarcoError("invalid_request", "the PSKC file could not be parsed", { cause: error });
  }
  const roots = isRecord(document) ? Object.keys(document) : [];
  const container = isRecord(document) ? document.KeyContainer : undefined;
  if (roots.length !== 1 || container === undefined || Array.isArray(container)) {
    throw new VarcoError("invalid_request", "the file is not PSKC: its root is not a KeyContainer");
  }
  const version = attribute(container, "Version");
  if (version !== undefined && !/^1(\.[0-9]+)?$/.test(version)) {
    throw new VarcoError("invalid_request", `PSKC version ${quoteValue(version)} is not supported`);
  }
  return container;
}

function decryptionFor(container: unknown, preSharedKey: Uint8Array | undefined): Decryption {
  if (preSharedKey !== undefined && ![16, 24, 32].includes(preSharedKey.length)) {
    throw new VarcoError("invalid_request", "the pre-shared key must be 16, 24 or 32 bytes long");
  }
  // The administrator supplies the key: EncryptionKey/KeyName is only a label and is ignored.
  const encryptionKey = first(container, "EncryptionKey");
  let unsupported: string | undefined;
  if (first(encryptionKey, "DerivedKey") !== undefined) {
    unsupported = "the file is encrypted with a password-derived key, which is not supported";
  } else if (first(encryptionKey, "X509Data") !== undefined) {
    unsupported = "the file is encrypted to a certificate, which is not supported";
  }
  const macMethod = first(container, "MACMethod");
  let mac: Mac | RowError | undefined;
  return {
    preSharedKey,
    unsupported,
    macMethod,
    mac: () => {
      mac ??= attempt(() => readMacKey(macMethod, preSharedKey));
      if (mac instanceof RowError) throw mac;
      return mac;
    },
  };
}

/** The HMAC key in MACMethod/MACKey, itself encrypted under the pre-shared key. */
function readMacKey(macMethod: unknown, preSharedKey: Uint8Array | undefined): Mac {
  if (preSharedKey === undefined) throw new RowError("a pre-shared key is needed to check the MAC");
  const hash = macHashFor(attribute(macMethod, "Algorithm"));
  const encryptedKey = child(macMethod, "MACKey");
  // Drafts before RFC 6030 had no MACKey and keyed the MAC with the encryption key itself.
  if (encryptedKey === undefined) return { hash, key: preSharedKey };
  return { hash, key: decrypt(readCipherValue(encryptedKey), preSharedKey) };
}

function macHashFor(uri: string | undefined): MacHash {
  const [namespace, name] = (uri ?? "").split("#", 2);
  const known =
    namespace === "http://www.w3.org/2000/09/xmldsig" ||
    namespace === "http://www.w3.org/2001/04/xmldsig-more";
  switch (known ? name : undefined) {
    case "hmac-sha1":
      return "sha1";
    case "hmac-sha224":
      return "sha224";
    case "hmac-sha256":
      return "sha256";
    case "hmac-sha384":
      return "sha384";
    case "hmac-sha512":
      return "sha512";
    default:
      throw new RowError(`the MAC method ${quoteValue(uri ?? "", 60)} is not supported`);
  }
}

function readFields(keyPackage: unknown): Fields {
  const deviceInfo = first(keyPackage, "DeviceInfo");
  return {
    serial: text(first(deviceInfo, "SerialNo")),
    manufacturer: text(first(deviceInfo, "Manufacturer")),
    model: text(first(deviceInfo, "Model")),
    userId: text(first(first(keyPackage, "Key"), "UserId")) || text(first(deviceInfo, "UserId")),
  };
}

function readToken(keyPackage: unknown, fields: Fields, decryption: Decryption): ImportedToken {
  const { serial, manufacturer, model, userId } = fields;
  if (serial === "") throw new RowError("the key package has no serial number");
  if (serial.length > maxLabelLength) throw new RowError("the serial number is over 64 characters");
  if (manufacturer.length > maxLabelLength) {
    throw new RowError("the manufacturer is over 64 characters");
  }
  if (model.length > maxLabelLength) throw new RowError("the model is over 64 characters");
  const formula =
    formulaProblem("serial number", serial) ??
    formulaProblem("manufacturer", manufacturer) ??
    formulaProblem("model", model);
  if (formula) throw new RowError(refusalText(formula));
  const key = child(keyPackage, "Key");
  if (key === undefined) throw new RowError("the key package holds no key");
  const kind = kindFor(attribute(key, "Algorithm"));
  const parameters = child(key, "AlgorithmParameters");
  const digits = digitsFor(child(parameters, "ResponseFormat"));
  const algorithm = algorithmFor(child(parameters, "Suite"));
  const data = child(key, "Data");
  const counter = kind === "hotp" ? (readInteger(child(data, "Counter"), "counter") ?? 0) : 0;
  const period = kind === "totp" ? periodFor(data) : 30;
  const secret = readSecret(child(data, "Secret"), decryption);
  if (secret.length < 10 || secret.length > 64) {
    throw new RowError(`the secret is ${secret.length} bytes long: it must be 10 to 64 bytes`);
  }
  const upn = userId === "" ? null : userId;
  return {
    serialNumber: serial,
    secret,
    kind,
    algorithm,
    digits,
    period,
    counter,
    manufacturer,
    model,
    upn,
  };
}

function kindFor(uri: string | undefined): "hotp" | "totp" {
  switch (uri) {
    case "urn:ietf:params:xml:ns:keyprov:pskc:hotp":
    case "urn:ietf:params:xml:ns:keyprov:pskc#hotp":
      return "hotp";
    case "urn:ietf:params:xml:ns:keyprov:pskc:totp":
    case "urn:ietf:params:xml:ns:keyprov:pskc#totp":
      return "totp";
    case undefined:
    case "":
      throw new RowError("the key names no algorithm");
    default:
      throw new RowError(
        `the algorithm ${quoteValue(uri, 60)} is not supported: only HOTP and TOTP`,
      );
  }
}

function digitsFor(responseFormat: unknown): OtpDigits {
  const encoding = attribute(responseFormat, "Encoding");
  if (encoding !== undefined && encoding !== "DECIMAL") {
    throw new RowError(`the response encoding ${quoteValue(encoding)} is not supported`);
  }
  const length = attribute(responseFormat, "Length");
  if (length === undefined || length === "6") return 6;
  if (length === "8") return 8;
  throw new RowError(
    `the response length ${quoteValue(length)} is not supported: it must be 6 or 8`,
  );
}

function algorithmFor(suite: unknown): OtpAlgorithm {
  if (suite === undefined) return "SHA1";
  const name = text(suite).toUpperCase().replaceAll("-", "");
  if (name.includes("SHA512")) return "SHA512";
  if (name.includes("SHA256")) return "SHA256";
  if (name.includes("SHA1")) return "SHA1";
  throw new RowError(
    `the suite ${quoteValue(text(suite))} is not supported: SHA1, SHA256 or SHA512`,
  );
}

function periodFor(data: unknown): OtpPeriod {
  const origin = readInteger(child(data, "Time"), "time origin");
  if (origin !== undefined && origin !== 0) {
    throw new RowError(`the time origin ${origin} is not supported: it must be 0`);
  }
  const interval = readInteger(child(data, "TimeInterval"), "time interval");
  if (interval === undefined || interval === 30) return 30;
  if (interval === 60) return 60;
  throw new RowError(`the time interval ${interval} is not supported: it must be 30 or 60 seconds`);
}

/** An integer Data element (Counter, Time, TimeInterval): PlainValue only. */
function readInteger(element: unknown, what: string): number | undefined {
  if (element === undefined) return undefined;
  if (child(element, "EncryptedValue") !== undefined) {
    throw new RowError(`the ${what} is encrypted, which is not supported`);
  }
  const value = text(child(element, "PlainValue"));
  const number = /^[0-9]{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number)) {
    throw new RowError(`the ${what} ${quoteValue(value)} is not a whole number`);
  }
  return number;
}

function readSecret(secretElement: unknown, decryption: Decryption): Uint8Array {
  const plain = child(secretElement, "PlainValue");
  const encrypted = child(secretElement, "EncryptedValue");
  if (plain !== undefined && encrypted !== undefined) {
    throw new RowError("the secret is given both in plain and encrypted");
  }
  if (plain !== undefined) return decodeBase64(text(plain), "the secret");
  if (encrypted === undefined) throw new RowError("the key has no secret");
  if (decryption.unsupported !== undefined) throw new RowError(decryption.unsupported);
  const { preSharedKey } = decryption;
  if (preSharedKey === undefined) {
    throw new RowError("the key is encrypted: a pre-shared key is needed");
  }
  const sealed = readCipherValue(encrypted);
  const valueMac = child(secretElement, "ValueMAC");
  if (valueMac !== undefined) {
    if (decryption.macMethod === undefined) {
      throw new RowError("the secret has a MAC but the file names no MAC method");
    }
    // Encrypt-then-MAC: check the MAC over IV || cipher text before deciphering anything.
    const { hash, key } = decryption.mac();
    const expected = decodeBase64(text(valueMac), "the MAC");
    const actual = createHmac(hash, key).update(sealed.bytes).digest();
    if (!constantTimeEqual(actual, expected)) throw new RowError(macMismatch);
  } else if (decryption.macMethod !== undefined) {
    throw new RowError("the encrypted secret has no MAC although the file names a MAC method");
  }
  return decrypt(sealed, preSharedKey);
}

type Sealed = {
  readonly cipher: "aes-128-cbc" | "aes-192-cbc" | "aes-256-cbc";
  readonly bytes: Uint8Array;
};

/** An xenc EncryptedDataType: EncryptionMethod and CipherData/CipherValue (IV first). */
function readCipherValue(encrypted: unknown): Sealed {
  const method = attribute(child(encrypted, "EncryptionMethod"), "Algorithm") ?? "";
  const bytes = decodeBase64(
    text(child(child(encrypted, "CipherData"), "CipherValue")),
    "the cipher value",
  );
  switch (method) {
    case "http://www.w3.org/2001/04/xmlenc#aes128-cbc":
      return { cipher: "aes-128-cbc", bytes };
    case "http://www.w3.org/2001/04/xmlenc#aes192-cbc":
      return { cipher: "aes-192-cbc", bytes };
    case "http://www.w3.org/2001/04/xmlenc#aes256-cbc":
      return { cipher: "aes-256-cbc", bytes };
    default:
      throw new RowError(`the encryption method ${quoteValue(method, 60)} is not supported`);
  }
}

function decrypt(sealed: Sealed, preSharedKey: Uint8Array): Uint8Array {
  const needed = Number(sealed.cipher.slice(4, 7)) / 8;
  if (preSharedKey.length !== needed) {
    throw new RowError(
      `the pre-shared key is ${preSharedKey.length} bytes long but ${sealed.cipher} needs ${needed}`,
    );
  }
  const { bytes } = sealed;
  if (bytes.length < 32 || bytes.length % 16 !== 0) {
    throw new RowError("the encrypted value is not an IV followed by whole AES blocks");
  }
  const decipher = createDecipheriv(sealed.cipher, preSharedKey, bytes.subarray(0, 16));
  let parts: Buffer[];
  try {
    parts = [decipher.update(bytes.subarray(16)), decipher.final()];
  } catch {
    // Bad padding: with no MAC to check first, this is how a wrong key shows.
    throw new RowError(macMismatch);
  }
  const plain = Buffer.concat(parts);
  const copy = new Uint8Array(plain);
  for (const buffer of [plain, ...parts]) buffer.fill(0);
  return copy;
}

function decodeBase64(value: string, what: string): Uint8Array {
  const compact = value.replace(/\s+/g, "");
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new RowError(`${what} is not valid base64`);
  }
  const decoded = Buffer.from(compact, "base64");
  const copy = new Uint8Array(decoded);
  decoded.fill(0);
  return copy;
}

function attempt<T>(run: () => T): T | RowError {
  try {
    return run();
  } catch (error) {
    if (error instanceof RowError) return error;
    throw error;
  }
}

// Reading the parsed tree: an element is a string (text only) or an object whose own keys are
// child names, "@_" + attribute names and "#text"; repeated children come as an array.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function children(node: unknown, name: string): unknown[] {
  if (!isRecord(node) || !Object.hasOwn(node, name)) return [];
  const value = node[name];
  return Array.isArray(value) ? value : [value];
}

/** The first child of that name, for fields read as they are. */
function first(node: unknown, name: string): unknown {
  return children(node, name)[0];
}

/** The one child of that name: a repeated element makes the key package ambiguous. */
function child(node: unknown, name: string): unknown {
  const found = children(node, name);
  if (found.length > 1) throw new RowError(`the element ${name} appears more than once`);
  return found[0];
}

function attribute(node: unknown, name: string): string | undefined {
  const value = isRecord(node) && Object.hasOwn(node, `@_${name}`) ? node[`@_${name}`] : undefined;
  return typeof value === "string" ? value.trim() : undefined;
}

function text(node: unknown): string {
  if (typeof node === "string") return node;
  if (isRecord(node) && typeof node["#text"] === "string") return node["#text"];
  return "";
}
