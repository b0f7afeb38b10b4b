import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { VarcoError } from "../../src/errors/varco-error.ts";
import { nextLink } from "../../src/odata/next-link.ts";
import { parseFilter } from "../../src/odata/parse-filter.ts";
import { parseTop } from "../../src/odata/parse-top.ts";
import { decodeSkipToken, encodeSkipToken } from "../../src/odata/skip-token.ts";
import type { FilterFields } from "../../src/odata/types.ts";

const fields: FilterFields = {
  userPrincipalName: "string",
  displayName: "string",
  status: "string",
  createdDateTime: "dateTime",
  accountEnabled: "boolean",
};
const filterable = "userPrincipalName, displayName, status, createdDateTime, accountEnabled";

/** Asserts that `run` throws VarcoError("invalid_request") with exactly `detail`. */
function assertRefused(run: () => unknown, detail: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof VarcoError, `expected a VarcoError, got ${String(error)}`);
    assert.equal(error.code, "invalid_request");
    assert.equal(error.detail, detail);
    assert.equal(error.expose, true);
    return true;
  });
}

function refusesFilter(text: string, detail: string): void {
  assertRefused(() => parseFilter(text, fields), detail);
}

describe("parseFilter: Graph-style filters", () => {
  test("no filter is no condition", () => {
    assert.deepEqual(parseFilter(undefined, fields), []);
    assert.deepEqual(parseFilter("", fields), []);
    assert.deepEqual(parseFilter("   ", fields), []);
  });

  test("userPrincipalName eq a string", () => {
    assert.deepEqual(parseFilter("userPrincipalName eq 'mario.rossi@school.it'", fields), [
      { field: "userPrincipalName", op: "eq", value: "mario.rossi@school.it" },
    ]);
  });

  test("startswith, with and without spaces around the comma", () => {
    const expected = [{ field: "displayName", op: "startswith", value: "Mar" }];
    assert.deepEqual(parseFilter("startswith(displayName,'Mar')", fields), expected);
    assert.deepEqual(parseFilter("startswith(displayName, 'Mar')", fields), expected);
    assert.deepEqual(parseFilter("startswith( displayName , 'Mar' )", fields), expected);
    assert.deepEqual(parseFilter("StartsWith(displayName,'Mar')", fields), expected);
  });

  test("a dateTime range and a string, joined by and", () => {
    assert.deepEqual(
      parseFilter("createdDateTime ge 2026-11-01T00:00:00Z and status eq 'failure'", fields),
      [
        { field: "createdDateTime", op: "ge", value: Date.UTC(2026, 10, 1) },
        { field: "status", op: "eq", value: "failure" },
      ],
    );
  });

  test("every comparison operator on a dateTime", () => {
    for (const op of ["eq", "ne", "ge", "le", "gt", "lt"] as const) {
      assert.deepEqual(parseFilter(`createdDateTime ${op} 2026-01-01T00:00:00Z`, fields), [
        { field: "createdDateTime", op, value: 1767225600000 },
      ]);
    }
  });

  test("dateTime with an offset, fractions of a second, quoted, or without seconds", () => {
    const at = (text: string) => parseFilter(`createdDateTime lt ${text}`, fields)[0]?.value;
    assert.equal(at("2026-01-01T01:00:00+01:00"), Date.UTC(2026, 0, 1, 0, 0, 0));
    assert.equal(at("2025-12-31T19:30:00-04:30"), Date.UTC(2026, 0, 1, 0, 0, 0));
    assert.equal(at("2026-01-01T00:00:00.250Z"), Date.UTC(2026, 0, 1, 0, 0, 0, 250));
    assert.equal(at("2026-01-01T00:00:00.1234567Z"), Date.UTC(2026, 0, 1, 0, 0, 0, 123));
    assert.equal(at("'2026-01-01T00:00:00Z'"), Date.UTC(2026, 0, 1));
    assert.equal(at("2026-01-01T08:15Z"), Date.UTC(2026, 0, 1, 8, 15));
    assert.equal(at("2028-02-29T00:00:00Z"), Date.UTC(2028, 1, 29));
  });

  test("booleans are true and false, unquoted", () => {
    assert.deepEqual(parseFilter("accountEnabled eq true and accountEnabled ne false", fields), [
      { field: "accountEnabled", op: "eq", value: true },
      { field: "accountEnabled", op: "ne", value: false },
    ]);
  });

  test("a quote inside a string is written twice", () => {
    assert.deepEqual(parseFilter("displayName eq 'O''Brien'", fields), [
      { field: "displayName", op: "eq", value: "O'Brien" },
    ]);
    assert.deepEqual(parseFilter("startswith(displayName,'D''')", fields), [
      { field: "displayName", op: "startswith", value: "D'" },
    ]);
    assert.deepEqual(parseFilter("displayName eq ''''", fields), [
      { field: "displayName", op: "eq", value: "'" },
    ]);
    assert.deepEqual(parseFilter("displayName ne ''", fields), [
      { field: "displayName", op: "ne", value: "" },
    ]);
  });

  test("strings keep what is inside them: spaces, keywords, parentheses, commas", () => {
    assert.deepEqual(parseFilter("displayName eq ' Rossi, Mario (and or not) eq '", fields), [
      { field: "displayName", op: "eq", value: " Rossi, Mario (and or not) eq " },
    ]);
  });

  test("operators and 'and' are case-insensitive, with any amount of whitespace", () => {
    assert.deepEqual(
      parseFilter(
        "  userPrincipalName EQ 'a@school.it'   AND\tstatus Ne 'success'\n and  createdDateTime LT 2026-01-01T00:00:00Z ",
        fields,
      ),
      [
        { field: "userPrincipalName", op: "eq", value: "a@school.it" },
        { field: "status", op: "ne", value: "success" },
        { field: "createdDateTime", op: "lt", value: Date.UTC(2026, 0, 1) },
      ],
    );
  });

  test("ten conditions and 1000 characters are allowed", () => {
    const ten = Array.from({ length: 10 }, (_, i) => `status ne 's${i}'`).join(" and ");
    assert.equal(parseFilter(ten, fields).length, 10);
    const exact = `displayName eq '${"a".repeat(256)}'`.padEnd(1000, " ");
    assert.equal(exact.length, 1000);
    assert.deepEqual(parseFilter(exact, fields), [
      { field: "displayName", op: "eq", value: "a".repeat(256) },
    ]);
  });

  test("a string of 256 characters is allowed, doubled quotes counting once", () => {
    const value = `${"x".repeat(255)}'`;
    assert.deepEqual(parseFilter(`displayName eq '${"x".repeat(255)}'''`, fields), [
      { field: "displayName", op: "eq", value },
    ]);
  });
});

describe("parseFilter: refusals", () => {
  test("unknown fields, including inherited property names; names are case-sensitive", () => {
    refusesFilter("foo eq 'x'", `$filter: unknown field 'foo' (filterable: ${filterable})`);
    refusesFilter(
      "DisplayName eq 'x'",
      `$filter: unknown field 'DisplayName' (filterable: ${filterable})`,
    );
    refusesFilter(
      "constructor eq 'x'",
      `$filter: unknown field 'constructor' (filterable: ${filterable})`,
    );
    refusesFilter(
      "__proto__ eq 'x'",
      `$filter: unknown field '__proto__' (filterable: ${filterable})`,
    );
    refusesFilter(
      "startswith(toString,'x')",
      `$filter: unknown field 'toString' (filterable: ${filterable})`,
    );
  });

  test("operators a field type does not allow", () => {
    refusesFilter(
      "displayName ge 'M'",
      "$filter: 'ge' is not allowed on the string field 'displayName'",
    );
    refusesFilter("status LT 'x'", "$filter: 'lt' is not allowed on the string field 'status'");
    refusesFilter(
      "accountEnabled gt false",
      "$filter: 'gt' is not allowed on the boolean field 'accountEnabled'",
    );
    refusesFilter(
      "startswith(createdDateTime,'2026')",
      "$filter: startswith is only allowed on string fields; 'createdDateTime' is a dateTime",
    );
    refusesFilter(
      "startswith(accountEnabled,'t')",
      "$filter: startswith is only allowed on string fields; 'accountEnabled' is a boolean",
    );
  });

  test("unsupported operators and functions", () => {
    refusesFilter(
      "displayName in ('a','b')",
      "$filter: unsupported operator 'in' (supported: eq, ne, ge, le, gt, lt)",
    );
    refusesFilter(
      "displayName has 'a'",
      "$filter: unsupported operator 'has' (supported: eq, ne, ge, le, gt, lt)",
    );
    refusesFilter(
      "displayName = 'a'",
      "$filter: unsupported operator '=' (supported: eq, ne, ge, le, gt, lt)",
    );
    refusesFilter(
      "endswith(displayName,'a')",
      "$filter: the function 'endswith' is not supported (only startswith)",
    );
    refusesFilter(
      "contains(displayName,'a')",
      "$filter: the function 'contains' is not supported (only startswith)",
    );
    refusesFilter(
      "emails/any(s:s eq 'a')",
      "$filter: the function 'emails/any' is not supported (only startswith)",
    );
  });

  test("values of the wrong type", () => {
    refusesFilter(
      "displayName eq Mario",
      "$filter: 'displayName' needs a string in single quotes at position 16",
    );
    refusesFilter(
      "displayName eq null",
      "$filter: 'displayName' needs a string in single quotes at position 16",
    );
    refusesFilter(
      'displayName eq "Mario"',
      "$filter: 'displayName' needs a string in single quotes at position 16",
    );
    refusesFilter(
      "accountEnabled eq 'true'",
      "$filter: 'accountEnabled' needs true or false at position 19",
    );
    refusesFilter(
      "accountEnabled eq TRUE",
      "$filter: 'accountEnabled' needs true or false at position 19",
    );
    refusesFilter(
      "accountEnabled eq 1",
      "$filter: 'accountEnabled' needs true or false at position 19",
    );
    refusesFilter(
      "createdDateTime ge 'yesterday'",
      "$filter: 'yesterday' is not a valid dateTime for 'createdDateTime' at position 20",
    );
    refusesFilter(
      "createdDateTime ge 1767225600000",
      "$filter: '1767225600000' is not a valid dateTime for 'createdDateTime' at position 20",
    );
    refusesFilter(
      "startswith(displayName,Mar)",
      "$filter: expected a string in single quotes at position 24, found 'Mar'",
    );
  });

  test("bad dateTimes", () => {
    const refusesDate = (literal: string, hint = "") =>
      refusesFilter(
        `createdDateTime ge ${literal}`,
        `$filter: '${literal}' is not a valid dateTime for 'createdDateTime' at position 20${hint}`,
      );
    refusesDate("2026-01-01");
    refusesDate("2026-02-30T00:00:00Z");
    refusesDate("2027-02-29T00:00:00Z");
    refusesDate("2026-04-31T00:00:00Z");
    refusesDate("2026-13-01T00:00:00Z");
    refusesDate("2026-00-10T00:00:00Z");
    refusesDate("2026-01-00T00:00:00Z");
    refusesDate("2026-01-01T24:00:00Z");
    refusesDate("2026-01-01T10:60:00Z");
    refusesDate("2026-01-01T10:00:60Z");
    refusesDate("2026-01-01T10:00:00+24:00");
    refusesDate("2026-01-01t10:00:00z");
    refusesDate("26-01-01T10:00:00Z");
    refusesDate("2026-01-01T10:00:00.12345678Z");
    const zoneHint = " (it needs a zone: Z or ±hh:mm, with + written %2B in a URL)";
    refusesDate("2026-01-01T00:00:00", zoneHint);
    // A + left unencoded in a URL arrives as a space.
    refusesFilter(
      "createdDateTime ge 2026-01-01T00:00:00 01:00",
      `$filter: '2026-01-01T00:00:00' is not a valid dateTime for 'createdDateTime' at position 20${zoneHint}`,
    );
  });

  test("'or', 'not' and parentheses are refused", () => {
    refusesFilter(
      "displayName eq 'a' or displayName eq 'b'",
      "$filter: 'or' is not supported (join conditions with 'and')",
    );
    refusesFilter(
      "displayName eq 'a' OR displayName eq 'b'",
      "$filter: 'or' is not supported (join conditions with 'and')",
    );
    refusesFilter("not startswith(displayName,'a')", "$filter: 'not' is not supported");
    refusesFilter("NOT displayName eq 'a'", "$filter: 'not' is not supported");
    const parentheses =
      "$filter: parentheses are not supported (only in startswith(field,'value'))";
    refusesFilter("(displayName eq 'a')", parentheses);
    refusesFilter("displayName eq 'a' and (status eq 'b')", parentheses);
    refusesFilter("displayName eq 'a')", parentheses);
    refusesFilter("startswith(displayName,'a'))", parentheses);
  });

  test("unterminated strings", () => {
    refusesFilter("displayName eq 'Mario", "$filter: unterminated string at position 16");
    refusesFilter("userPrincipalName eq 'O''Brien", "$filter: unterminated string at position 22");
    refusesFilter("startswith(displayName,'Mar)", "$filter: unterminated string at position 24");
    refusesFilter("displayName eq 'a''", "$filter: unterminated string at position 16");
  });

  test("incomplete or malformed conditions", () => {
    refusesFilter("displayName", "$filter: expected an operator at the end (position 12)");
    refusesFilter("displayName eq", "$filter: expected a value at the end (position 15)");
    refusesFilter(
      "displayName eq 'a' and",
      "$filter: expected a field name at the end (position 23)",
    );
    refusesFilter(
      "and displayName eq 'a'",
      "$filter: expected a field name at position 1, found 'and'",
    );
    refusesFilter(
      "displayName eq 'a' and and status eq 'b'",
      "$filter: expected a field name at position 24, found 'and'",
    );
    refusesFilter(
      "'a' eq displayName",
      "$filter: expected a field name at position 1, found the string 'a'",
    );
    refusesFilter(
      "displayName eq 'a' status eq 'b'",
      "$filter: expected 'and' at position 20, found 'status'",
    );
    refusesFilter(
      "displayName eq 'a' 'b'",
      "$filter: expected 'and' at position 20, found the string 'b'",
    );
    refusesFilter(
      "displayName eq 'a' && status eq 'b'",
      "$filter: expected 'and' at position 20, found '&&'",
    );
    refusesFilter("displayName eq'a'", "$filter: expected a space before position 15");
    refusesFilter(
      "displayName eq 'a'and status eq 'b'",
      "$filter: expected a space before position 19",
    );
    refusesFilter("startswith(displayName,'a'", "$filter: expected ')' at the end (position 27)");
    refusesFilter(
      "startswith(displayName 'a')",
      "$filter: expected ',' at position 24, found the string 'a'",
    );
    refusesFilter(
      "startswith('a',displayName)",
      "$filter: expected a field name at position 12, found the string 'a'",
    );
    refusesFilter(
      "startswith(displayName,'a','b')",
      "$filter: expected ')' at position 27, found ','",
    );
  });

  test("limits: length, number of conditions, string length", () => {
    const tooLong = `displayName eq 'a'`.padEnd(1001, " ");
    refusesFilter(tooLong, "$filter is longer than 1000 characters");
    const eleven = Array.from({ length: 11 }, (_, i) => `status ne 's${i}'`).join(" and ");
    refusesFilter(eleven, "$filter: at most 10 conditions are allowed");
    refusesFilter(
      `displayName eq '${"a".repeat(257)}'`,
      "$filter: the string at position 16 is longer than 256 characters",
    );
    refusesFilter(
      `startswith(displayName,'${"a".repeat(256)}''')`,
      "$filter: the string at position 24 is longer than 256 characters",
    );
  });

  test("hostile inputs are refused and never echoed at length", () => {
    refusesFilter("'; drop table users; --", "$filter: unterminated string at position 1");
    refusesFilter(
      "displayName eq 'x'; drop table users; --",
      "$filter: expected 'and' at position 19, found ';'",
    );
    refusesFilter(
      "displayName eq 'x' and 1 eq 1; drop table users",
      `$filter: unknown field '1' (filterable: ${filterable})`,
    );
    refusesFilter(
      "displayName eq ''; drop table users; --'",
      "$filter: unterminated string at position 40",
    );
    refusesFilter(
      "displayName eq 'a' or 'a' eq 'a'",
      "$filter: 'or' is not supported (join conditions with 'and')",
    );
    refusesFilter(
      `${"x".repeat(100)} eq 'a'`,
      `$filter: unknown field '${"x".repeat(40)}…' (filterable: ${filterable})`,
    );
    refusesFilter(
      "displayName eq 'a' and \u0000evil\u001b[31m eq 'b'",
      `$filter: unknown field '?evil?[31m' (filterable: ${filterable})`,
    );
    refusesFilter(
      `displayName eq 'a' ${"y".repeat(500)}`,
      `$filter: expected 'and' at position 20, found '${"y".repeat(40)}…'`,
    );
    refusesFilter(
      `displayName eq 'a' '${"<script>".repeat(20)}'`,
      `$filter: expected 'and' at position 20, found the string '${"<script>".repeat(5)}…'`,
    );
  });

  test("every refusal detail stays short whatever the input", () => {
    const noise = "z".repeat(300);
    const inputs = [
      `${noise} eq 'a'`,
      `displayName ${noise} 'a'`,
      `displayName eq ${noise}`,
      `createdDateTime ge ${noise}`,
      `accountEnabled eq ${noise}`,
      `displayName eq 'a' ${noise}`,
      `${noise}(displayName,'a')`,
      `startswith(${noise},'a')`,
    ];
    for (const input of inputs) {
      assert.throws(
        () => parseFilter(input, fields),
        (error: unknown) =>
          error instanceof VarcoError &&
          error.code === "invalid_request" &&
          !(error.detail ?? "").includes("z".repeat(41)),
      );
    }
  });
});

describe("parseTop", () => {
  test("absent means the default; digits from 1 to the maximum", () => {
    assert.equal(parseTop(undefined, 100, 999), 100);
    assert.equal(parseTop("1", 100, 999), 1);
    assert.equal(parseTop("2", 100, 999), 2);
    assert.equal(parseTop("999", 100, 999), 999);
    assert.equal(parseTop("050", 100, 999), 50);
  });

  test("anything else is refused", () => {
    for (const text of ["", "0", "1000", "-1", "+5", "5.0", "1e2", " 5", "5 ", "0x10", "five"]) {
      assertRefused(() => parseTop(text, 100, 999), "$top must be a whole number from 1 to 999");
    }
    assertRefused(
      () => parseTop("99999999999999999999", 10, 50),
      "$top must be a whole number from 1 to 50",
    );
    assertRefused(() => parseTop("51", 10, 50), "$top must be a whole number from 1 to 50");
  });
});

describe("$skiptoken", () => {
  test("round-trips a cursor of strings and numbers", () => {
    const cursors: Record<string, string | number>[] = [
      { createdDateTime: 1767225600000, id: "4f1c2b9e-0d6a-4c55-9d3e-2b1f0a9c8e7d" },
      { upn: "o'brien@scuola.it", n: 42, note: 'àèìòù 🔐 "quoted" \\ /' },
      {},
    ];
    for (const cursor of cursors) {
      const token = encodeSkipToken(cursor);
      assert.match(token, /^[A-Za-z0-9_-]*$/);
      assert.deepEqual(decodeSkipToken(token), cursor);
    }
  });

  test("absent or empty means the first page", () => {
    assert.equal(decodeSkipToken(undefined), undefined);
    assert.equal(decodeSkipToken(""), undefined);
  });

  test("tampered or foreign tokens are refused", () => {
    const good = encodeSkipToken({ id: "u1", at: 5 });
    const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
    const refused = [
      `${good}=`, // padding is not what we make
      good.replace(/.$/, (c) => (c === "A" ? "B" : "A")), // changed last character
      `${good.slice(0, -1)}+`, // base64, not base64url
      "e31", // {} spelled with non-zero spare bits: not the spelling we make
      "e30.", // not base64url
      "%7B%7D",
      "a", // not a whole byte
      b64("not json"),
      b64("[1,2]"),
      b64("null"),
      b64('"string"'),
      b64("42"),
      b64('{"id":{"nested":1}}'),
      b64('{"id":["a"]}'),
      b64('{"id":null}'),
      b64('{"id":true}'),
      b64('{"id":1e999}'),
      b64('{"__proto__":{"admin":1}}'),
      b64('{"at":1.5}'), // times and sequence numbers are whole
      b64('{"at":-1}'),
      b64('{"at":1e300}'), // past what a bigint column holds
      b64('{"id":"a\\u0000"}'), // a control character, which PostgreSQL text cannot hold
      Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]).toString("base64url"), // bad UTF-8
      b64(JSON.stringify({ id: "x".repeat(800) })), // longer than 1000 characters
    ];
    for (const token of refused) {
      assertRefused(() => decodeSkipToken(token), "$skiptoken is not valid");
    }
  });

  test("the server refuses to make a token it would not accept", () => {
    assert.throws(() => encodeSkipToken({ at: Number.NaN }), TypeError);
    assert.throws(() => encodeSkipToken({ at: Number.POSITIVE_INFINITY }), TypeError);
    assert.throws(() => encodeSkipToken({ id: "x".repeat(800) }), TypeError);
  });
});

describe("nextLink", () => {
  const origin = "https://mfa.school.it";
  const filter = "createdDateTime ge 2026-01-01T00:00:00+01:00 and displayName eq 'O''Brien & Co'";

  test("keeps the path and every parameter, and sets the new $skiptoken", () => {
    const request = new URL("/api/v1/users", origin);
    request.searchParams.set("$top", "2");
    request.searchParams.set("$filter", filter);
    request.searchParams.set("$select", "id,displayName");
    const token = encodeSkipToken({ id: "u2", createdDateTime: 1767225600000 });

    const link = nextLink(origin, `${request.pathname}${request.search}`, token);
    const parsed = new URL(link);
    assert.equal(parsed.origin, origin);
    assert.equal(parsed.pathname, "/api/v1/users");
    assert.deepEqual(
      [...parsed.searchParams],
      [
        ["$top", "2"],
        ["$filter", filter],
        ["$select", "id,displayName"],
        ["$skiptoken", token],
      ],
    );
    assert.deepEqual(decodeSkipToken(parsed.searchParams.get("$skiptoken") ?? undefined), {
      id: "u2",
      createdDateTime: 1767225600000,
    });
  });

  test("replaces an existing $skiptoken in place", () => {
    const link = nextLink(
      `${origin}/`,
      "/api/v1/users?$top=2&$skiptoken=old&$filter=status%20eq%20'failure'",
      "new",
    );
    const parsed = new URL(link);
    assert.deepEqual(
      [...parsed.searchParams],
      [
        ["$top", "2"],
        ["$skiptoken", "new"],
        ["$filter", "status eq 'failure'"],
      ],
    );
    assert.equal(parsed.href.startsWith("https://mfa.school.it/api/v1/users?"), true);
  });

  test("a %2B in the request stays a plus, a literal + stays a space", () => {
    const parsed = new URL(nextLink(origin, "/api/v1/users?$filter=a%2Bb+c&$top=5", "t"));
    assert.equal(parsed.searchParams.get("$filter"), "a+b c");
    assert.equal(parsed.searchParams.get("$top"), "5");
  });

  test("a request without a query gets just the $skiptoken", () => {
    assert.equal(
      nextLink(origin, "/api/v1/users", "abc"),
      `${origin}/api/v1/users?%24skiptoken=abc`,
    );
  });

  test("the link always stays on the origin", () => {
    for (const requestUrl of [
      "//evil.example/x?$top=1",
      "https://evil.example/x",
      "\\\\evil.example/x",
    ]) {
      const parsed = new URL(nextLink(origin, requestUrl, "t"));
      assert.equal(parsed.origin, origin, requestUrl);
      assert.equal(parsed.searchParams.get("$skiptoken"), "t");
    }
    assert.equal(
      new URL(nextLink("https://mfa.school.it/ignored/path", "/api/v1/users", "t")).pathname,
      "/api/v1/users",
    );
  });
});
