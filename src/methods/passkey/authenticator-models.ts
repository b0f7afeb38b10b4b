import models from "./authenticator-models.json" with { type: "json" };

/**
 * The name of an authenticator's model ("YubiKey 5 Series", "Google Password Manager") from its
 * AAGUID, as people know it; undefined for an AAGUID the list does not hold (the all-zero one
 * that a passkey without attestation reports included).
 *
 * authenticator-models.json is the community list passkeydeveloper/passkey-authenticator-aaguids
 * on GitHub, `combined_aaguid.json` (its own `aaguid.json` merged with the names of FIDO's
 * Metadata Service), keeping only each AAGUID's `name` (its icons dropped), plus Chromium's
 * virtual authenticator (`kDeviceAaguid` in Chromium's device/fido/virtual_ctap2_device.cc), which
 * browser tests use. The list's README says it exists to name passkeys in account settings, which
 * is this use, and that it is not an authority on authenticators: no rule here (attestation, key
 * restrictions) reads it. Its repository carries no licence file; the file holds facts only
 * (identifiers and product names). How to refresh it: docs/passkeys-administration.md.
 */
export function authenticatorModelName(aaguid: string): string | undefined {
  const key = aaguid.toLowerCase();
  return Object.hasOwn(names, key) ? names[key] : undefined;
}

const names: Readonly<Record<string, string>> = models;
