import { isIP } from "node:net";
import type { ErrorCode } from "../errors/codes.ts";
import { VarcoError } from "../errors/varco-error.ts";

/**
 * A gateway's or provider's address: https, or plain http only to this machine's loopback (a
 * test double, a local relay), since the request carries the credential and the code. No user
 * name or password inside the URL: credentials have their own write-only fields.
 */
export function checkServiceUrl(value: unknown, code: ErrorCode, field: string): URL {
  const refused = (why: string) => new VarcoError(code, `${field}: ${why}`);
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) {
    throw refused("an https address of at most 2000 characters");
  }
  if (/[\p{Cc}\s]/u.test(value)) throw refused("no spaces or control characters");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refused("not an address");
  }
  if (url.username !== "" || url.password !== "") {
    throw refused("no user name or password in the address");
  }
  if (url.protocol === "http:" && isLoopback(url.hostname)) return url;
  if (url.protocol !== "https:") throw refused("https (http only to a loopback address)");
  if (url.hostname.length === 0) throw refused("not an address");
  return url;
}

/** Whether a URL's host is this machine: `localhost`, 127.0.0.0/8 or `[::1]`. */
export function isLoopback(hostname: string): boolean {
  if (hostname === "localhost" || hostname === "[::1]") return true;
  return isIP(hostname) === 4 && hostname.startsWith("127.");
}

/** Where a request to the address goes (scheme, host and port), to tell whether it moved. */
export function destinationOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}
