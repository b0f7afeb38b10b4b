import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { VarcoError } from "../../src/errors/varco-error.ts";
import {
  errorCsvHeader,
  errorCsvLine,
  readTokenCsv,
  type TokenCsvFormat,
} from "../../src/hardware-tokens/formats/token-csv.ts";
import type { ImportedToken, ImportRow } from "../../src/hardware-tokens/imported-token.ts";
import { refusal } from "../../src/hardware-tokens/refusal.ts";
import { decodeBase32 } from "../../src/otp/base32.ts";
import { asRefused, inWords, type WordedRow } from "../support/import-rows.ts";

const header = "upn,serial number,secret key,time interval,manufacturer,model";
const headerError = `the header row must be: ${header}`;
/** 10 bytes, the shortest key accepted. */
const key = "JBSWY3DPEHPK3PXP";
/** RFC 4226's 20-byte key "12345678901234567890". */
const rfcKey = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const rfcSeed = Buffer.from("12345678901234567890").toString("hex");
const upnDetail =
  "a UPN looks like name@domain, with at most 64 characters before the @ and 48 after";

async function* chunks(data: string | Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  for (let start = 0; start < bytes.length; start += size)
    yield bytes.subarray(start, start + size);
}

async function* texts(...parts: string[]): AsyncGenerator<string> {
  yield* parts;
}

async function collect(input: AsyncIterable<string | Uint8Array>, format: TokenCsvFormat) {
  const rows: WordedRow[] = [];
  for await (const row of readTokenCsv(input, format)) rows.push(inWords(row));
  return rows;
}

/** The rows read with the file in 1-byte, 7-byte and whole chunks, checked to be the same. */
async function read(data: string | Uint8Array, format: TokenCsvFormat = "seed") {
  const whole = await collect(chunks(data, Number.POSITIVE_INFINITY), format);
  assert.deepEqual(await collect(chunks(data, 1), format), whole, "1-byte chunks");
  assert.deepEqual(await collect(chunks(data, 7), format), whole, "7-byte chunks");
  return whole;
}

function seedFile(...rows: string[]): string {
  return `${header}\n${rows.map((row) => `${row}\n`).join("")}`;
}

function seedToken(secretKey: string, fields: Partial<ImportedToken>): ImportedToken {
  return {
    serialNumber: "",
    secret: decodeBase32(secretKey),
    kind: "totp",
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    counter: 0,
    manufacturer: "Contoso",
    model: "HardwareKey",
    upn: null,
    ...fields,
  };
}

function hexToken(seed: string, fields: Partial<ImportedToken>): ImportedToken {
  return {
    serialNumber: "",
    secret: Buffer.from(seed, "hex"),
    kind: "hotp",
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    counter: 0,
    manufacturer: "",
    model: "",
    upn: null,
    ...fields,
  };
}

/** A line of RFC 4180 CSV as a spreadsheet reads it back. */
function readCsvLine(line: string): string[] {
  assert.ok(line.endsWith("\r\n"), "a CSV line ends with CRLF");
  const text = line.slice(0, -2);
  const cells: string[] = [];
  let index = 0;
  for (;;) {
    let cell = "";
    if (text[index] === '"') {
      index++;
      for (;;) {
        const quote = text.indexOf('"', index);
        assert.notEqual(quote, -1, "quotes are closed");
        cell += text.slice(index, quote);
        index = quote + 1;
        if (text[index] !== '"') break;
        cell += '"';
        index++;
      }
    } else {
      const comma = text.indexOf(",", index);
      cell = text.slice(index, comma === -1 ? undefined : comma);
      index = comma === -1 ? text.length : comma;
    }
    cells.push(cell);
    if (index >= text.length) return cells;
    assert.equal(text[index], ",");
    index++;
  }
}

function errorsOf(rows: readonly WordedRow[]) {
  return rows.filter((row) => "error" in row);
}

describe("seed format (Entra hardware OATH token CSV)", () => {
  test("reads good rows into exact tokens, keys in any case, spaced or padded", async () => {
    const rows = await read(
      seedFile(
        `Helga@contoso.com,1234567,${rfcKey},60,Contoso,HardwareKey`,
        `,1234568,jbsw y3dp ehpk 3pxp,30,Contoso,HardwareKey`,
        ` anna@contoso.com , 1234569 , NBSWY3DPEB3W64TMMQ====== , 30 , Fabrikam , OTP c200 `,
      ),
    );
    assert.deepEqual(rows, [
      {
        line: 2,
        token: seedToken(rfcKey, { serialNumber: "1234567", period: 60, upn: "Helga@contoso.com" }),
      },
      { line: 3, token: seedToken(key, { serialNumber: "1234568" }) },
      {
        line: 4,
        token: seedToken("NBSWY3DPEB3W64TMMQ", {
          serialNumber: "1234569",
          manufacturer: "Fabrikam",
          model: "OTP c200",
          upn: "anna@contoso.com",
        }),
      },
    ]);
    const first = rows[0] as { token: ImportedToken };
    assert.deepEqual(first.token.secret, Buffer.from("12345678901234567890"));
  });

  test("the document's own example key holds a '1', which Base32 lacks: the row is refused", async () => {
    const rows = await read(
      seedFile("Helga@contoso.com,1234567,1234567abcdef1234567abcdef,60,Contoso,HardwareKey"),
    );
    assert.deepEqual(rows, [
      {
        line: 2,
        error: "secret key: character '1' at position 1 is not in the Base32 alphabet",
        fields: ["Helga@contoso.com", "1234567", "", "60", "Contoso", "HardwareKey"],
      },
    ]);
  });

  test("the header is required, in any case, with spaces or quotes around its cells", async () => {
    const row = `,1,${key},30,Contoso,HardwareKey`;
    const expected = [{ line: 2, token: seedToken(key, { serialNumber: "1" }) }];
    for (const good of [
      header,
      "UPN,Serial Number,Secret Key,Time Interval,Manufacturer,Model",
      ' upn , "serial number",secret key ,"  Time interval",manufacturer,model',
    ]) {
      assert.deepEqual(await read(`${good}\n${row}\n`), expected, good);
    }
  });

  test("a missing or wrong header gives one error for line 1 and nothing more", async () => {
    const good = `,1,${key},30,Contoso,HardwareKey`;
    // A token row where the header should be: echoed without its key.
    assert.deepEqual(await read(`Helga@contoso.com,7,${key},60,Contoso,HardwareKey\n${good}\n`), [
      {
        line: 1,
        error: headerError,
        fields: ["Helga@contoso.com", "7", "", "60", "Contoso", "HardwareKey"],
      },
    ]);
    for (const wrong of [
      "upn,serial,secret key,time interval,manufacturer,model",
      `${header},notes`,
      "upn,serial number,secret key,time interval,manufacturer",
      `\n${header}`,
      "",
      "\uFEFF",
    ]) {
      const rows = await read(`${wrong}\n${good}\n`);
      assert.equal(rows.length, 1, wrong);
      assert.equal((rows[0] as { error: string }).error, headerError, wrong);
      assert.equal(rows[0]?.line, 1);
    }
    assert.deepEqual(await read(""), [
      { line: 1, error: headerError, fields: ["", "", "", "", "", ""] },
    ]);
    // A header and nothing else is a file of no tokens.
    assert.deepEqual(await read(`${header}\r\n`), []);
    assert.deepEqual(await read("", "privacyidea"), []);
  });

  test("every kind of bad field is refused with its own reason, the key never echoed", async () => {
    const cases: [string, string][] = [
      [`not-an-upn,S1,${key},30,Contoso,HardwareKey`, `upn is not valid: ${upnDetail}`],
      [
        `${"a".repeat(65)}@contoso.com,S2,${key},30,Contoso,HardwareKey`,
        `upn is not valid: ${upnDetail}`,
      ],
      [
        `${"a".repeat(250)}@contoso.com,S3,${key},30,Contoso,HardwareKey`,
        "upn is longer than 256 characters",
      ],
      [`,,${key},30,Contoso,HardwareKey`, "serial number is empty"],
      [
        `,${"9".repeat(65)},${key},30,Contoso,HardwareKey`,
        "serial number is longer than 64 characters",
      ],
      [`,S4\u0007,${key},30,Contoso,HardwareKey`, "serial number contains a control character"],
      [`,"S5\tX",${key},30,Contoso,HardwareKey`, "serial number contains a control character"],
      [",S6,,30,Contoso,HardwareKey", "secret key is empty"],
      [
        ",S7,JBSWY3DPEHPK3PX0,30,Contoso,HardwareKey",
        "secret key: character '0' at position 16 is not in the Base32 alphabet",
      ],
      [`,S8,${"A".repeat(129)},30,Contoso,HardwareKey`, "secret key: longer than 128 characters"],
      [
        ",S9,JBSWY3DPEHPK3,30,Contoso,HardwareKey",
        "secret key is only 8 bytes long; at least 10 are needed",
      ],
      [
        ",S10,JBSWY3DPE,30,Contoso,HardwareKey",
        "secret key: 9 characters cannot be Base32: no whole number of bytes fits",
      ],
      [
        ",S11,MZXW6YTBOI=,30,Contoso,HardwareKey",
        "secret key: 10 characters need 6 '=' of padding, not 1",
      ],
      [",S12,====,30,Contoso,HardwareKey", "secret key: has only padding"],
      [`,S13,${key},45,Contoso,HardwareKey`, "time interval must be 30 or 60 (seconds)"],
      [`,S14,${key},,Contoso,HardwareKey`, "time interval must be 30 or 60 (seconds)"],
      [`,S15,${key},030,Contoso,HardwareKey`, "time interval must be 30 or 60 (seconds)"],
      [`,S16,${key},30s,Contoso,HardwareKey`, "time interval must be 30 or 60 (seconds)"],
      [`,S17,${key},30,,HardwareKey`, "manufacturer is empty"],
      [`,S18,${key},30,${"M".repeat(65)},HardwareKey`, "manufacturer is longer than 64 characters"],
      [`,S19,${key},30,Con\u0000toso,HardwareKey`, "manufacturer contains a control character"],
      [`,S20,${key},30,Contoso,`, "model is empty"],
      [`,S21,${key},30,Contoso,${"K".repeat(65)}`, "model is longer than 64 characters"],
      [`,S22,${key},30,Contoso,Key\u009b`, "model contains a control character"],
      // Several problems: the first column's is given.
      [`bad,S23,${key},45,,`, `upn is not valid: ${upnDetail}`],
    ];
    const rows = await read(seedFile(...cases.map(([row]) => row)));
    assert.deepEqual(
      rows,
      cases.map(([row, error], index) => {
        const fields = row.split(",").map((field) => field.replaceAll('"', ""));
        fields[2] = "";
        return { line: index + 2, error, fields };
      }),
    );
  });

  test("the longest accepted values: 64-character names, a 128-character key, a 4096-character line", async () => {
    const long = "B".repeat(128);
    const name = "N".repeat(64);
    // Spaces inside the key are ignored: they pad the line to exactly 4096 characters.
    const prefix = `,${name},JBSW`;
    const suffix = `Y3DPEHPK3PXP,60,${name},${name}`;
    const padded = `${prefix}${" ".repeat(4096 - prefix.length - suffix.length)}${suffix}`;
    assert.equal(padded.length, 4096);
    const rows = await read(
      `${header}\r\n,S1,${long},30,${name},${name}\r\n${padded}\r\n${padded} \r\n`,
    );
    const token = seedToken(key, {
      serialNumber: name,
      period: 60,
      manufacturer: name,
      model: name,
    });
    assert.deepEqual(rows, [
      { line: 2, token: seedToken(long, { serialNumber: "S1", manufacturer: name, model: name }) },
      { line: 3, token },
      {
        line: 4,
        error: "line longer than 4096 characters",
        fields: ["", name, "", "60", name, name],
      },
    ]);
    assert.equal((rows[0] as { token: ImportedToken }).token.secret.length, 80);
  });

  test("an overlong line is one error with fields cut to 100 characters, and reading goes on", async () => {
    const huge = "Z".repeat(10_000);
    const file = seedFile(
      `,S1,${key},30,Contoso,HardwareKey`,
      `=cmd,S2,${key},30,${huge},${huge}`,
      `,S3,${key},30,Contoso,HardwareKey`,
      `,"unterminated,${huge}`,
      `,S4,${key},30,Contoso,HardwareKey`,
    );
    const expected = [
      { line: 2, token: seedToken(key, { serialNumber: "S1" }) },
      {
        line: 3,
        error: "line longer than 4096 characters",
        fields: ["=cmd", "S2", "", "30", "Z".repeat(100), ""],
      },
      { line: 4, token: seedToken(key, { serialNumber: "S3" }) },
      // Cut inside an open quote: the quoted field ran on over the columns after it.
      { line: 5, error: "line longer than 4096 characters", fields: ["", "", "", "", "", ""] },
      { line: 6, token: seedToken(key, { serialNumber: "S4" }) },
    ];
    assert.deepEqual(await read(file), expected);
    assert.deepEqual(await read(file.replaceAll("\n", "\r\n")), expected);
    // The last line, without a line ending.
    assert.deepEqual(await read(`${header}\n,S5,${key},30,${huge},x`), [
      {
        line: 2,
        error: "line longer than 4096 characters",
        fields: ["", "S5", "", "30", "Z".repeat(100), ""],
      },
    ]);
  });

  test("quotes: commas and doubled quotes inside, spaces around; broken quoting is refused", async () => {
    const rows = await read(
      seedFile(
        `"",  "S1" ,"${key}","30","Contoso, Inc.","Key ""Pro"""`,
        `,S2,${key},30,Contoso,"unterminated`,
        `,"S3"x,${key},30,Contoso,HardwareKey`,
        `,S4,${key},30,Con"toso,HardwareKey`,
      ),
    );
    assert.deepEqual(rows, [
      {
        line: 2,
        token: seedToken(key, {
          serialNumber: "S1",
          manufacturer: "Contoso, Inc.",
          model: 'Key "Pro"',
        }),
      },
      {
        line: 3,
        error: "unterminated quoted field",
        fields: ["", "S2", "", "30", "Contoso", ""],
      },
      {
        line: 4,
        error: "a quoted field has characters after its closing quote",
        fields: ["", "S3x", "", "30", "Contoso", "HardwareKey"],
      },
      { line: 5, token: seedToken(key, { serialNumber: "S4", manufacturer: 'Con"toso' }) },
    ]);
  });

  test("a wrong number of fields names both counts and echoes no field", async () => {
    const rows = await read(
      seedFile(
        `S1,${key},30,Contoso,HardwareKey`,
        `,S2,${key},30,Contoso,HardwareKey,extra`,
        "lonely",
      ),
    );
    const blank = ["", "", "", "", "", ""];
    assert.deepEqual(rows, [
      { line: 2, error: "expected 6 fields, found 5", fields: blank },
      { line: 3, error: "expected 6 fields, found 7", fields: blank },
      { line: 4, error: "expected 6 fields, found 1", fields: blank },
    ]);
  });

  test("a serial number appearing twice: the later rows are refused", async () => {
    const rows = await read(
      seedFile(
        `,S1,${key},30,Contoso,HardwareKey`,
        `,S2,NOT-BASE32!,30,Contoso,HardwareKey`,
        `a@contoso.com, S1 ,${rfcKey},60,Contoso,HardwareKey`,
        `,S2,${key},30,Contoso,HardwareKey`,
        `,s1,${key},30,Contoso,HardwareKey`,
      ),
    );
    assert.deepEqual(rows, [
      { line: 2, token: seedToken(key, { serialNumber: "S1" }) },
      {
        line: 3,
        error: "secret key: character '-' at position 4 is not in the Base32 alphabet",
        fields: ["", "S2", "", "30", "Contoso", "HardwareKey"],
      },
      {
        line: 4,
        error: "serial number S1 appears more than once in the file",
        fields: ["a@contoso.com", " S1 ", "", "60", "Contoso", "HardwareKey"],
      },
      // The refused row still claimed its serial number.
      {
        line: 5,
        error: "serial number S2 appears more than once in the file",
        fields: ["", "S2", "", "30", "Contoso", "HardwareKey"],
      },
      { line: 6, token: seedToken(key, { serialNumber: "s1" }) },
    ]);
  });

  test("LF and CRLF, a BOM, blank lines and rows of empty cells, no final line ending", async () => {
    const body = [
      `,S1,${key},30,Contoso,HardwareKey`,
      "",
      " ",
      ",,,,,",
      `,S2,${key},60,Contoso,HardwareKey`,
    ];
    const expected = [
      { line: 2, token: seedToken(key, { serialNumber: "S1" }) },
      { line: 6, token: seedToken(key, { serialNumber: "S2", period: 60 }) },
    ];
    const lf = [header, ...body].join("\n");
    for (const file of [
      lf,
      `${lf}\n`,
      `${lf}\n\n`,
      lf.replaceAll("\n", "\r\n"),
      `\uFEFF${lf}\r\n`,
    ]) {
      assert.deepEqual(await read(file), expected, JSON.stringify(file.slice(-4)));
    }
    assert.deepEqual(
      await collect(texts("\uFEFF", lf.slice(0, 10), lf.slice(10)), "seed"),
      expected,
    );
    // The BOM goes before anything else is read: it does not hide the opening quote.
    const quoted = `\uFEFF"upn"${lf.slice(3)}`;
    assert.deepEqual(await read(quoted), expected);
    assert.deepEqual(await collect(texts(quoted), "seed"), expected);
  });

  test("chunks that split multi-byte characters and lines give the same rows", async () => {
    const file = seedFile(
      `jürgen@contoso.com,Sé1,${key},30,株式会社コントソ,Key 🔑`,
      `,Sé2,${rfcKey},60,Ünïcödé,🔑🔑🔑`,
    );
    const rows = await read(file);
    assert.deepEqual(rows, [
      {
        line: 2,
        token: seedToken(key, {
          serialNumber: "Sé1",
          manufacturer: "株式会社コントソ",
          model: "Key 🔑",
          upn: "jürgen@contoso.com",
        }),
      },
      {
        line: 3,
        token: seedToken(rfcKey, {
          serialNumber: "Sé2",
          period: 60,
          manufacturer: "Ünïcödé",
          model: "🔑🔑🔑",
        }),
      },
    ]);
    // Text chunks too, cut anywhere, even inside a surrogate pair.
    const parts = Array.from({ length: Math.ceil(file.length / 5) }, (_, i) =>
      file.slice(i * 5, i * 5 + 5),
    );
    assert.deepEqual(await collect(texts(...parts), "seed"), rows);
    // A byte that is not UTF-8 reads as U+FFFD.
    const bytes = Buffer.concat([
      Buffer.from(`${header}\n,S1,${key},30,Cont`),
      Buffer.from([0xff]),
      Buffer.from("oso,x\n"),
    ]);
    assert.deepEqual(await read(bytes), [
      {
        line: 2,
        token: seedToken(key, { serialNumber: "S1", manufacturer: "Cont\uFFFDoso", model: "x" }),
      },
    ]);
  });

  test("100,000 rows stream through", async () => {
    async function* generate(): AsyncGenerator<Uint8Array> {
      let text = `${header}\r\n`;
      for (let index = 0; index < 100_000; index++) {
        text += `user${index}@contoso.com,SN${index},${rfcKey},30,Contoso,HardwareKey\r\n`;
        if (text.length > 60_000) {
          yield Buffer.from(text);
          text = "";
        }
      }
      yield Buffer.from(text);
    }
    let tokens = 0;
    let last: ImportRow | undefined;
    for await (const row of readTokenCsv(generate(), "seed")) {
      if ("token" in row) tokens++;
      last = row;
    }
    assert.equal(tokens, 100_000);
    assert.deepEqual(last, {
      line: 100_001,
      token: seedToken(rfcKey, { serialNumber: "SN99999", upn: "user99999@contoso.com" }),
      fields: ["user99999@contoso.com", "SN99999", "", "30", "Contoso", "HardwareKey"],
    });
  });
});

describe("privacyIDEA format", () => {
  test("reads hex seeds, hotp and totp, with their defaults; skips comments and blank lines", async () => {
    const rows = await read(
      [
        "# serial, seed, type, otplen, timestep",
        `H1,${rfcSeed}`,
        `H2 , ${rfcSeed.toUpperCase()} , HOTP , 8 , 60`,
        "",
        `  # an indented comment`,
        `T1,${rfcSeed},totp`,
        `T2,${rfcSeed},TOTP,8,60,anna@contoso.com`,
        `T3,${rfcSeed},totp,6,30,`,
        `T4,"${rfcSeed}",totp,,,`,
      ].join("\r\n"),
      "privacyidea",
    );
    assert.deepEqual(rows, [
      { line: 2, token: hexToken(rfcSeed, { serialNumber: "H1" }) },
      // HOTP has no time step: the fifth column is not read.
      { line: 3, token: hexToken(rfcSeed, { serialNumber: "H2", digits: 8 }) },
      { line: 6, token: hexToken(rfcSeed, { serialNumber: "T1", kind: "totp" }) },
      {
        line: 7,
        token: hexToken(rfcSeed, {
          serialNumber: "T2",
          kind: "totp",
          digits: 8,
          period: 60,
          upn: "anna@contoso.com",
        }),
      },
      { line: 8, token: hexToken(rfcSeed, { serialNumber: "T3", kind: "totp" }) },
      { line: 9, token: hexToken(rfcSeed, { serialNumber: "T4", kind: "totp" }) },
    ]);
    assert.deepEqual(
      (rows[0] as { token: ImportedToken }).token.secret,
      Buffer.from("12345678901234567890"),
    );
  });

  test("every kind of bad field is refused with its own reason, the seed never echoed", async () => {
    const seed = rfcSeed;
    const cases: [string, string, string[]][] = [
      [`,${seed}`, "serial is empty", ["", "", "", "", "", ""]],
      [`P1,`, "seed is empty", ["P1", "", "", "", "", ""]],
      [`P2,${seed.slice(0, -1)}x`, "seed is not hexadecimal", ["P2", "", "", "", "", ""]],
      [`P3,${seed} 00`, "seed is not hexadecimal", ["P3", "", "", "", "", ""]],
      [`P4,${seed}0`, "seed has an odd number of hex digits", ["P4", "", "", "", "", ""]],
      [
        `P5,${"ab".repeat(9)}`,
        "seed is only 9 bytes long; at least 10 are needed",
        ["P5", "", "", "", "", ""],
      ],
      [`P6,${"ab".repeat(81)}`, "seed is longer than 160 hex digits", ["P6", "", "", "", "", ""]],
      [`P7,${seed},ocra`, "type must be hotp or totp", ["P7", "", "ocra", "", "", ""]],
      [`P8,${seed},totp,7`, "otplen must be 6 or 8", ["P8", "", "totp", "7", "", ""]],
      [
        `P9,${seed},totp,6,45`,
        "timestep must be 30 or 60 (seconds)",
        ["P9", "", "totp", "6", "45", ""],
      ],
      [
        `P10,${seed},totp,6,30,nobody`,
        `upn is not valid: ${upnDetail}`,
        ["P10", "", "totp", "6", "30", "nobody"],
      ],
      [`${seed}`, "expected 2 to 6 fields, found 1", ["", "", "", "", "", ""]],
      [
        `P11,${seed},totp,6,30,a@contoso.com,x`,
        "expected 2 to 6 fields, found 7",
        ["", "", "", "", "", ""],
      ],
      [`P12,"${seed}`, "unterminated quoted field", ["P12", "", "", "", "", ""]],
      [`P13,${seed},totp`, "", []],
      [
        `P13,${seed},hotp`,
        "serial P13 appears more than once in the file",
        ["P13", "", "hotp", "", "", ""],
      ],
    ];
    const rows = await read(cases.map(([row]) => row).join("\n"), "privacyidea");
    const expected = cases.map(([, error, fields], index) =>
      error === ""
        ? { line: index + 1, token: hexToken(seed, { serialNumber: "P13", kind: "totp" }) }
        : { line: index + 1, error, fields },
    );
    assert.deepEqual(rows, expected);
    assert.equal(
      errorCsvHeader("privacyidea"),
      "line,serial,seed,type,otplen,timestep,upn,error\r\n",
    );
  });
});

describe("error CSV", () => {
  test("the header of each format, and lines with every cell quoted as needed", () => {
    assert.equal(
      errorCsvHeader("seed"),
      "line,upn,serial number,secret key,time interval,manufacturer,model,error\r\n",
    );
    assert.equal(
      errorCsvLine({
        line: 7,
        error: refusal("key_invalid", { detail: "a, b" }),
        fields: ["x", 'say "hi"', "", "30", "=1+1", "@A1"],
      }),
      `7,x,"say ""hi""",,30,'=1+1,'@A1,"secret key: a, b"\r\n`,
    );
  });

  test("a NUL in a refused row shows as U+FFFD in the error CSV, which PostgreSQL can keep", () => {
    assert.equal(
      errorCsvLine({
        line: 3,
        error: refusal("control_character", { label: "manufacturer" }),
        fields: ["", "S1", "", "30", "Con\u0000toso", "Key\u0007"],
      }),
      "3,,S1,,30,Con\ufffdtoso,Key\u0007,manufacturer contains a control character\r\n",
    );
  });

  test("formula injection comes back neutralised when the error CSV is read back", async () => {
    const payloads = [
      "=cmd|' /C calc'!A0",
      "+1+1",
      "-2+3",
      "@SUM(A1:A9)",
      "\t=1",
      '=HYPERLINK("http://x","y")',
    ];
    const rows = errorsOf(
      await read(
        seedFile(
          ...payloads.map(
            (payload) => `"${payload.replaceAll('"', '""')}",S1,${key},45,Contoso,HardwareKey`,
          ),
          ...payloads.map(
            (payload, index) => `,"${payload.replaceAll('"', '""')}",${key},45,X${index},Y`,
          ),
          ...payloads.map(
            (payload, index) => `,M${index},${key},45,"${payload.replaceAll('"', '""')}",Y`,
          ),
        ),
      ),
    );
    assert.equal(rows.length, payloads.length * 3);
    const csv = rows.map((row) => errorCsvLine(asRefused(row))).join("");
    for (const payload of payloads) assert.ok(csv.includes(payload.replaceAll('"', '""')), payload);
    for (const row of rows) {
      const cells = readCsvLine(errorCsvLine(asRefused(row)));
      assert.equal(cells.length, 8);
      assert.equal(cells[0], String(row.line));
      for (const cell of cells) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, cell);
    }
  });

  test("no error row and no error CSV line ever holds a key", async () => {
    const secrets = [
      "KRUGS4ZANFZSAYJAONSWG4TFOQ",
      "MFRGGZDFMZTWQ2LKNNWG23TPOA",
      "ONSWG4TFOQQGW2LMNQQG2ZJAMJQWI",
    ];
    const [one, two, three] = secrets;
    const seedRows = [
      `a@contoso.com,1,${one},30,Contoso,HardwareKey`, // a token row where the header should be
      `,S1,${one},30,Contoso,HardwareKey`,
      `,S1,${two},30,Contoso,HardwareKey`, // duplicate serial
      `S2,${one},30,Contoso,HardwareKey`, // no upn column: the key moves to the second cell
      `${two},30,Contoso`,
      `"S3,${three},30,Contoso,HardwareKey`, // an unterminated quote swallows the key
      `,"S4"x,${two},30,Contoso,HardwareKey`, // characters after a closing quote
      `,S5,${three}1,30,Contoso,HardwareKey`, // not Base32
      `,S6,${three},45,Contoso,HardwareKey`,
      `,S7,${one},30,${"Z".repeat(5000)},x`, // overlong
      `,"S8${",".repeat(10)}${two}${"Z".repeat(5000)}`, // overlong inside a quote
      `${",".repeat(20)}${three}${"Z".repeat(5000)}`, // overlong with too many fields
    ];
    const hexSecrets = [rfcSeed, "00112233445566778899aabbccddeeff"];
    const hexRows = [
      `${rfcSeed}`,
      `"P1,${rfcSeed},totp`,
      `P2,${hexSecrets[1]},sha256`,
      `P2,${rfcSeed},totp,6,30,x@y.z,extra`,
      `P3,${rfcSeed}${"0".repeat(5000)}`,
    ];
    const errorRows = [
      ...errorsOf(await read(`${seedRows.join("\n")}\n`)),
      ...errorsOf(await read(`${header}\n${seedRows.join("\n")}\n`)),
      ...errorsOf(await read(hexRows.join("\n"), "privacyidea")),
    ];
    // With the header, the first two rows are tokens.
    assert.equal(errorRows.length, 1 + (seedRows.length - 2) + hexRows.length);
    for (const row of errorRows) {
      const text = `${JSON.stringify(row)}\n${errorCsvLine(asRefused(row))}`;
      for (const secret of [...secrets, ...hexSecrets]) {
        assert.ok(!text.includes(secret), `line ${row.line}: ${text}`);
        assert.ok(
          !text.toLowerCase().includes(secret.toLowerCase().slice(0, 16)),
          `line ${row.line}`,
        );
      }
    }
  });

  test("an unknown format is refused", async () => {
    await assert.rejects(
      collect(texts(header), "xml" as TokenCsvFormat),
      (error: unknown) => error instanceof VarcoError && error.code === "invalid_request",
    );
  });
});
