import assert from "node:assert/strict";
import { test } from "node:test";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { checkTrustedRanges, ipInRanges, parseCidr } from "../../src/network/ip-ranges.ts";

test("ranges in CIDR notation, IPv4 and IPv6, are checked and normalised", () => {
  assert.deepEqual(parseCidr(" 192.168.1.0/24 "), {
    address: "192.168.1.0",
    prefix: 24,
    family: "ipv4",
  });
  assert.deepEqual(parseCidr("2001:DB8::/32"), {
    address: "2001:DB8::",
    prefix: 32,
    family: "ipv6",
  });
  assert.deepEqual(parseCidr("10.1.2.3"), { address: "10.1.2.3", prefix: 32, family: "ipv4" });
  for (const bad of [
    "",
    "10.0.0.0/33",
    "::/129",
    "10.0.0/8",
    "10.0.0.0/8/1",
    "example.it/8",
    "10.0.0.0/-1",
    "10.0.0.0/ 8",
  ]) {
    assert.throws(
      () => parseCidr(bad),
      (e) => isVarcoError(e, "invalid_ip_range"),
      bad,
    );
  }
  assert.deepEqual(checkTrustedRanges(["10.0.0.0/8", "10.0.0.0/8", "2001:DB8::/32"]), [
    "10.0.0.0/8",
    "2001:db8::/32",
  ]);
});

test("at most 50 ranges (seed 001)", () => {
  const fifty = Array.from({ length: 50 }, (_, i) => `10.${i}.0.0/16`);
  assert.equal(checkTrustedRanges(fifty).length, 50);
  assert.throws(
    () => checkTrustedRanges([...fifty, "192.168.0.0/16"]),
    (e) => isVarcoError(e, "invalid_ip_range"),
  );
});

test("an address is in a range, IPv4-mapped IPv6 included; nothing is in no range", () => {
  const ranges = ["203.0.113.0/24", "2001:db8::/32"];
  assert.equal(ipInRanges("203.0.113.200", ranges), true);
  assert.equal(ipInRanges("::ffff:203.0.113.9", ranges), true);
  assert.equal(ipInRanges("2001:db8:1::5", ranges), true);
  assert.equal(ipInRanges("203.0.114.1", ranges), false);
  assert.equal(ipInRanges("2001:db9::1", ranges), false);
  assert.equal(ipInRanges("127.0.0.1", []), false);
  assert.equal(ipInRanges(null, ranges), false);
  assert.equal(ipInRanges("not an ip", ranges), false);
});
