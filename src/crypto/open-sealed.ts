import { createDecipheriv } from "node:crypto";
import { VarcoError } from "../errors/varco-error.ts";
import type { Keyring } from "./keyring.ts";
import { decodeBase64url, ivLength, sealVersion, tagLength } from "./seal-format.ts";

const keyIdPattern = /^[0-9a-f]{8}$/;

/**
 * Decrypts what `seal` produced, with the key named in the text (current or previous) and the
 * same `context`. Any change to the text or a different context throws sealed_data_invalid.
 */
export function openSealed(keyring: Keyring, sealed: string, context: string): Buffer {
  const parts = sealed.split(".");
  const [version, keyId, ivText, bodyText] = parts;
  const iv = ivText === undefined ? undefined : decodeBase64url(ivText);
  const body = bodyText === undefined ? undefined : decodeBase64url(bodyText);
  if (
    parts.length !== 4 ||
    version !== sealVersion ||
    keyId === undefined ||
    !keyIdPattern.test(keyId) ||
    iv?.length !== ivLength ||
    body === undefined ||
    body.length < tagLength
  ) {
    throw new VarcoError("sealed_data_invalid", "malformed");
  }
  const masterKey = keyring.byId(keyId);
  if (masterKey === undefined) {
    // The id is not secret: it tells the operator which old key to add back.
    throw new VarcoError("sealed_data_invalid", `unknown key id ${keyId}`);
  }
  const decipher = createDecipheriv("aes-256-gcm", masterKey.sealKey, iv, {
    authTagLength: tagLength,
  });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(body.subarray(body.length - tagLength));
  const ciphertext = body.subarray(0, body.length - tagLength);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (cause) {
    throw new VarcoError("sealed_data_invalid", "authentication failed", { cause });
  }
}
