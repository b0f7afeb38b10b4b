/** The model name of an authenticator by its AAGUID; undefined when it is not a known one. */
export function authenticatorModelName(_aaguid: string): string | undefined {
  return undefined;
}
