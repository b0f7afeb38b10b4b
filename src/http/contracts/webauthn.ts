import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { type Static, Type } from "typebox";
import { Compile } from "typebox/compile";
import { VarcoError } from "../../errors/varco-error.ts";

// The browser's answers as `PublicKeyCredential.toJSON()` (and @simplewebauthn/browser) give
// them: base64url strings, bounded so that no answer is larger than an authenticator makes.

const B64 = (maxLength: number) => Type.String({ maxLength, pattern: "^[A-Za-z0-9_-]*$" });
const Attachment = Type.Optional(Type.Enum(["platform", "cross-platform"]));
const Extensions = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown());

export const AuthenticationResponse = Type.Object(
  {
    id: B64(1400),
    rawId: B64(1400),
    type: Type.Literal("public-key"),
    response: Type.Object({
      clientDataJSON: B64(4096),
      authenticatorData: B64(4096),
      signature: B64(2048),
      userHandle: Type.Optional(B64(128)),
    }),
    clientExtensionResults: Extensions,
    authenticatorAttachment: Attachment,
  },
  { description: "The browser's answer to navigator.credentials.get(), as toJSON() gives it" },
);

export const RegistrationResponse = Type.Object(
  {
    id: B64(1400),
    rawId: B64(1400),
    type: Type.Literal("public-key"),
    response: Type.Object({
      clientDataJSON: B64(4096),
      attestationObject: B64(65_536),
      authenticatorData: Type.Optional(B64(65_536)),
      transports: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 8 })),
      publicKeyAlgorithm: Type.Optional(Type.Integer()),
      publicKey: Type.Optional(B64(4096)),
    }),
    clientExtensionResults: Extensions,
    authenticatorAttachment: Attachment,
  },
  { description: "The browser's answer to navigator.credentials.create(), as toJSON() gives it" },
);

const checkAuthentication = Compile(AuthenticationResponse);
const checkRegistration = Compile(RegistrationResponse);

/**
 * A page form's `response` field (the JSON our script put there) as a WebAuthn answer;
 * `invalid_webauthn_response` when it is not one.
 */
export function parseWebauthnResponse(ceremony: "get", text: string): AuthenticationResponseJSON;
export function parseWebauthnResponse(ceremony: "create", text: string): RegistrationResponseJSON;
export function parseWebauthnResponse(
  ceremony: "get" | "create",
  text: string,
): AuthenticationResponseJSON | RegistrationResponseJSON {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new VarcoError("invalid_webauthn_response");
  }
  if (ceremony === "get" ? checkAuthentication.Check(value) : checkRegistration.Check(value))
    return value as Static<typeof AuthenticationResponse> as AuthenticationResponseJSON;
  throw new VarcoError("invalid_webauthn_response");
}
