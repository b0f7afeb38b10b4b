/** A passkey (platform authenticator) or a security key (roaming: USB, NFC, BLE). */
export type PasskeyKind = "passkey" | "securityKey";

/** A user's WebAuthn credential as people and APIs see it: never its public key's bytes. */
export type PasskeyCredential = {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  /** The credential id (base64url), as the authenticator knows it. */
  readonly credentialId: string;
  readonly kind: PasskeyKind;
  readonly name: string;
  readonly aaguid: string;
  /** singleDevice, or multiDevice for a passkey the platform syncs between devices. */
  readonly deviceType: "singleDevice" | "multiDevice";
  readonly backedUp: boolean;
  readonly transports: readonly string[];
  readonly attestationFormat: string;
  readonly signCount: number;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  /** When its signature counter went backwards: it may have been cloned. */
  readonly clonedAt: number | null;
};

/** The longest name a user or administrator may give a passkey. */
export const maxPasskeyNameLength = 64;

/** The most passkeys and security keys one user may have. */
export const maxPasskeysPerUser = 10;
