import { type Static, Type } from "typebox";
import { authenticatorModelName } from "../../methods/passkey/authenticator-models.ts";
import type { PasskeyCredential } from "../../methods/passkey/passkey-credential.ts";
import { DateTime, isoTime, isoTimeOrNull, Nullable } from "../contracts/nullable.ts";

/**
 * Graph's fido2AuthenticationMethod, with three fields of Varco's: which kind of authenticator it
 * is, when it last signed in, and when its signature counter went backwards (a possible clone).
 * Never its public key, nor its credential id.
 */
export const GraphFido2Method = Type.Object(
  {
    "@odata.type": Type.Literal("#microsoft.graph.fido2AuthenticationMethod"),
    id: Type.String({ description: "Varco's id of the credential" }),
    displayName: Type.String({ description: "The name the user or an administrator gave it" }),
    createdDateTime: DateTime,
    aaGuid: Type.String({ description: "The authenticator model's AAGUID (all zeros: not told)" }),
    model: Nullable(
      Type.String({ description: "The model's name, from the AAGUID; null when not known" }),
    ),
    attestationCertificates: Type.Array(Type.String(), {
      description: "Always empty: Varco keeps no attestation certificate",
    }),
    attestationLevel: Type.Enum(["attested", "notAttested"], {
      description: "attested when the authenticator sent an attestation (format other than none)",
    }),
    kind: Type.Enum(["passkey", "securityKey"], {
      description: "Varco: a passkey (platform or synced) or a security key (USB, NFC, BLE)",
    }),
    lastUsedDateTime: Nullable(DateTime),
    possiblyClonedDateTime: Nullable(DateTime),
  },
  { description: "A passkey or FIDO2 security key; never its public key" },
);

/** A credential as Graph's `fido2AuthenticationMethod`. */
export function graphFido2Method(passkey: PasskeyCredential): Static<typeof GraphFido2Method> {
  return {
    "@odata.type": "#microsoft.graph.fido2AuthenticationMethod",
    id: passkey.id,
    displayName: passkey.name,
    createdDateTime: isoTime(passkey.createdAt),
    aaGuid: passkey.aaguid,
    model: authenticatorModelName(passkey.aaguid) ?? null,
    attestationCertificates: [],
    attestationLevel: passkey.attestationFormat !== "none" ? "attested" : "notAttested",
    kind: passkey.kind,
    lastUsedDateTime: isoTimeOrNull(passkey.lastUsedAt),
    possiblyClonedDateTime: isoTimeOrNull(passkey.clonedAt),
  };
}
