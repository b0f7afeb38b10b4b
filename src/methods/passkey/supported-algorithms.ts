/**
 * The COSE algorithms Varco accepts for new keys, the most common first: EdDSA, ES256, RS256
 * (RFC 9053). Named here rather than left to the library's default, which probes the runtime for
 * post-quantum algorithms on every call.
 */
export const supportedAlgorithmIDs = [-8, -7, -257];
