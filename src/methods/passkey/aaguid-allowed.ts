import type { Fido2Settings } from "../../policy/method-configurations/fido2-settings.ts";

/**
 * Whether the tenant's key restrictions (Entra's "Enforce key restrictions") let an authenticator
 * model in: on an allow-list, or off a block-list, and named; everything while they are not
 * enforced.
 */
export function aaguidAllowed(settings: Fido2Settings, aaguid: string): boolean {
  const { isEnforced, enforcementType, aaGuids } = settings.keyRestrictions;
  if (!isEnforced) return true;
  // An authenticator that does not name its model (all zeros) cannot be checked: refused, or a
  // block-list would let in whatever hides its model.
  if (/^[0-]+$/.test(aaguid)) return false;
  const listed = aaGuids.some((listedGuid) => listedGuid.toLowerCase() === aaguid.toLowerCase());
  return enforcementType === "allow" ? listed : !listed;
}
