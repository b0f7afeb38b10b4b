import {
  createHash,
  createSign,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";

// A software WebAuthn authenticator for the JSON API's tests (WebAuthn §6: authenticator data,
// "none" attestation, ES256 signatures), so that counters, clones and races can be set up
// exactly. The page tests use Chromium's own virtual authenticators instead.

type Cbor = number | string | Uint8Array | Cbor[] | Map<number | string, Cbor>;

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 256) return Buffer.from([(major << 5) | 24, length]);
  if (length < 65_536) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(length, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(length, 1);
  return b;
}

/** RFC 8949 encoding of the few types WebAuthn needs. */
export function cbor(value: Cbor): Buffer {
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  const parts: Buffer[] = [head(5, value.size)];
  for (const [k, v] of value) parts.push(cbor(k), cbor(v));
  return Buffer.concat(parts);
}

/** The model the software authenticator names unless told another (any fixed, non-zero one). */
export const softAuthenticatorAaguid = "5e0ff7ae-0000-4000-8000-00000000a11d";

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest();

export type SoftCredential = {
  readonly id: string;
  readonly privateKey: KeyObject;
  readonly userHandle: string;
  readonly rpId: string;
  counter: number;
};

export type AuthenticatorOptions = {
  readonly origin: string;
  /** platform (a passkey) or cross-platform (a security key). */
  readonly attachment?: "platform" | "cross-platform";
  /** Whether the authenticator verifies the user (PIN, biometrics). */
  readonly userVerified?: boolean;
  readonly aaguid?: string;
};

export function softAuthenticator(defaults: AuthenticatorOptions) {
  const flags = (o: AuthenticatorOptions, attested: boolean) =>
    0x01 | ((o.userVerified ?? true) ? 0x04 : 0) | (attested ? 0x40 : 0);
  const clientData = (type: string, challenge: string, origin: string) =>
    Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  const counterBytes = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  return {
    /** navigator.credentials.create() answered. */
    create(
      options: PublicKeyCredentialCreationOptionsJSON,
      override: Partial<AuthenticatorOptions> & { counter?: number } = {},
    ): { response: RegistrationResponseJSON; credential: SoftCredential } {
      const o = { ...defaults, ...override };
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const jwk = publicKey.export({ format: "jwk" });
      const cose = cbor(
        new Map<number, Cbor>([
          [1, 2],
          [3, -7],
          [-1, 1],
          [-2, Buffer.from(jwk.x as string, "base64url")],
          [-3, Buffer.from(jwk.y as string, "base64url")],
        ]),
      );
      const credentialId = randomBytes(32);
      const rpId = options.rp.id ?? new URL(o.origin).hostname;
      const aaguid = Buffer.from((o.aaguid ?? softAuthenticatorAaguid).replace(/-/g, ""), "hex");
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(credentialId.length);
      const counter = override.counter ?? 0;
      const authData = Buffer.concat([
        sha256(rpId),
        Buffer.from([flags(o, true)]),
        counterBytes(counter),
        aaguid,
        idLength,
        credentialId,
        cose,
      ]);
      const attestationObject = cbor(
        new Map<string, Cbor>([
          ["fmt", "none"],
          ["attStmt", new Map()],
          ["authData", authData],
        ]),
      );
      const id = credentialId.toString("base64url");
      return {
        response: {
          id,
          rawId: id,
          type: "public-key",
          response: {
            clientDataJSON: clientData("webauthn.create", options.challenge, o.origin).toString(
              "base64url",
            ),
            attestationObject: attestationObject.toString("base64url"),
            transports: o.attachment === "cross-platform" ? ["usb"] : ["internal"],
          },
          clientExtensionResults: {},
          authenticatorAttachment: o.attachment ?? "platform",
        },
        credential: { id, privateKey, userHandle: options.user.id, rpId, counter },
      };
    },
    /** navigator.credentials.get() answered with `credential`; its counter moves on by one. */
    get(
      options: PublicKeyCredentialRequestOptionsJSON,
      credential: SoftCredential,
      override: Partial<AuthenticatorOptions> & { counter?: number } = {},
    ): AuthenticationResponseJSON {
      const o = { ...defaults, ...override };
      credential.counter = override.counter ?? credential.counter + 1;
      const authData = Buffer.concat([
        sha256(credential.rpId),
        Buffer.from([flags(o, false)]),
        counterBytes(credential.counter),
      ]);
      const data = clientData("webauthn.get", options.challenge, o.origin);
      const signature = createSign("SHA256")
        .update(Buffer.concat([authData, sha256(data)]))
        .sign(credential.privateKey);
      return {
        id: credential.id,
        rawId: credential.id,
        type: "public-key",
        response: {
          clientDataJSON: data.toString("base64url"),
          authenticatorData: authData.toString("base64url"),
          signature: signature.toString("base64url"),
          userHandle: credential.userHandle,
        },
        clientExtensionResults: {},
        authenticatorAttachment: o.attachment ?? "platform",
      };
    },
  };
}
