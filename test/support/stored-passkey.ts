import { randomUUID } from "node:crypto";
import type { User } from "../../src/directory/types.ts";
import { insertPasskeyCredential } from "../../src/store/queries/passkeys.ts";
import type { PasskeyCredentialsTable } from "../../src/store/schema.ts";
import type { TestApp } from "./test-app.ts";

/**
 * A passkey or security key put straight into the store, as a registration would leave it: for
 * the tests of what administrators see and remove, which need no ceremony.
 */
export async function storePasskey(
  t: TestApp,
  user: User,
  fields: Partial<PasskeyCredentialsTable> = {},
): Promise<PasskeyCredentialsTable> {
  const row: PasskeyCredentialsTable = {
    id: randomUUID(),
    tenant_id: user.tenantId,
    user_id: user.id,
    credential_id: randomUUID().replaceAll("-", ""),
    public_key: "pQECAyYgASFYIA",
    sign_count: 0,
    aaguid: "cb69481e-8ff7-4039-93ec-0a2729a154a8",
    kind: "securityKey",
    device_type: "singleDevice",
    backed_up: 0,
    transports: "usb,nfc",
    attestation_format: "packed",
    name: "YubiKey",
    created_at: t.ctx.now(),
    last_used_at: null,
    cloned_at: null,
    ...fields,
  };
  await insertPasskeyCredential(t.ctx.store.db, row);
  return row;
}
