import { BlockList, isIP } from "node:net";
import { VarcoError } from "../errors/varco-error.ts";

/** Seed 001: at most 50 trusted IP ranges per tenant. */
export const maxTrustedRanges = 50;

/**
 * Checks one range in CIDR notation (IPv4 or IPv6; a bare address means a single host) and
 * returns it normalised (`192.168.1.0/24`, `2001:db8::/32`).
 */
export function parseCidr(text: string): {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
} {
  const trimmed = text.trim();
  const [address = "", prefixText, extra] = trimmed.split("/");
  const version = isIP(address);
  if (version === 0 || extra !== undefined) {
    throw new VarcoError(
      "invalid_ip_range",
      `${JSON.stringify(trimmed.slice(0, 60))} is not an IP range in CIDR notation`,
    );
  }
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefixText !== undefined && (!/^\d{1,3}$/.test(prefixText) || prefix > max)) {
    throw new VarcoError(
      "invalid_ip_range",
      `${JSON.stringify(trimmed)}: the prefix length must be 0 to ${max}`,
    );
  }
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** Checks a tenant's list: each a valid range, at most 50, duplicates dropped. */
export function checkTrustedRanges(ranges: readonly string[]): string[] {
  const normalised = [
    ...new Set(
      ranges.map((range) => {
        const { address, prefix } = parseCidr(range);
        return `${address.toLowerCase()}/${prefix}`;
      }),
    ),
  ];
  if (normalised.length > maxTrustedRanges) {
    throw new VarcoError("invalid_ip_range", `at most ${maxTrustedRanges} trusted IP ranges`);
  }
  return normalised;
}

/** Whether `ip` (as the socket reports it, IPv4-mapped IPv6 included) is in one of `ranges`. */
export function ipInRanges(ip: string | null, ranges: readonly string[]): boolean {
  if (!ip || ranges.length === 0) return false;
  const address = ip.startsWith("::ffff:") && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const version = isIP(address);
  if (version === 0) return false;
  const list = new BlockList();
  for (const range of ranges) {
    const { address: network, prefix, family } = parseCidr(range);
    list.addSubnet(network, prefix, family);
  }
  return list.check(address, version === 4 ? "ipv4" : "ipv6");
}
