import type { FastifyRequest } from "fastify";

/**
 * Where a state-changing page request may come from (OWASP's "verifying origin with standard
 * headers", beside the CSRF token, not instead of it):
 * - `Origin`, which browsers send with every POST, must be Varco's own origin: the configured
 *   public URL's. Over plain HTTP (development, the default `http://127.0.0.1:8080`) the address
 *   the request was sent to counts too, since such a server is reached by more than one name;
 *   behind TLS only the public URL does. `Origin: null` (a sandboxed frame, a privacy redirect)
 *   is not Varco's origin.
 * - Without `Origin`, `Referer` is read the same way when present.
 * - With neither (a script, an old client), the CSRF token alone decides.
 */
export function originAllowed(publicOrigin: string | undefined, request: FastifyRequest): boolean {
  // Only the origin of a Referer counts, as Origin would have given it.
  const claimed = request.headers.origin ?? request.headers.referer;
  if (claimed === undefined) return true;
  const from = originOf(claimed);
  return from !== undefined && ownOrigins(publicOrigin, request).includes(from);
}

function ownOrigins(publicOrigin: string | undefined, request: FastifyRequest): string[] {
  if (publicOrigin?.startsWith("https://")) return [publicOrigin];
  const requested = originOf(`${request.protocol}://${request.host}`);
  return [publicOrigin, requested].filter((value): value is string => value !== undefined);
}

/** The serialized origin of a URL (`https://mfa.example.it`), undefined when it is not one. */
function originOf(value: string): string | undefined {
  try {
    const { origin } = new URL(value);
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}
