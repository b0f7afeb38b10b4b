import { VarcoError } from "../../errors/varco-error.ts";

const label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A domain of user names, checked and in the form domains are compared in: lowercase, no
 * trailing dot. A DNS name of two labels or more (RFC 1035 section 2.3.1: letters, digits and
 * hyphens, 1–63 characters, no hyphen at either end), not an IP address, and at most 48
 * characters: the longest domain a UPN may have (upn.ts).
 */
export function checkDomainName(text: string): string {
  const name = text.trim().toLowerCase().replace(/\.$/, "");
  const labels = name.split(".");
  const last = labels.at(-1) ?? "";
  if (
    name.length > 48 ||
    labels.length < 2 ||
    !labels.every((l) => label.test(l)) ||
    /^[0-9]+$/.test(last)
  ) {
    throw new VarcoError(
      "invalid_domain",
      "a domain is a DNS name such as school.it: labels of letters, digits and -, at most 48 characters",
    );
  }
  return name;
}

/** The domain of a user name, lowercase; undefined when `upn` has none that could be a domain. */
export function domainOfUpn(upn: string): string | undefined {
  const at = upn.lastIndexOf("@");
  if (at < 0) return undefined;
  const domain = upn
    .slice(at + 1)
    .trim()
    .toLowerCase();
  return domain.length > 0 && domain.length <= 48 ? domain : undefined;
}
