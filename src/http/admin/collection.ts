import type { FastifyRequest } from "fastify";
import { nextLink } from "../../odata/next-link.ts";
import { encodeSkipToken } from "../../odata/skip-token.ts";

/** A Graph collection: `value`, and `@odata.nextLink` when there is more. */
export function collection<T>(
  request: FastifyRequest,
  value: T[],
  next: Readonly<Record<string, string | number>> | undefined,
): { value: T[]; "@odata.nextLink"?: string } {
  if (!next) return { value };
  const token = encodeSkipToken(next);
  try {
    return {
      value,
      "@odata.nextLink": nextLink(`${request.protocol}://${request.host}`, request.url, token),
    };
  } catch {
    // A Host header that is no host: the link stays on the path the request used.
    return {
      value,
      "@odata.nextLink": nextLink("http://invalid", request.url, token).slice(
        "http://invalid".length,
      ),
    };
  }
}
