import assert from "node:assert/strict";
import { createDecipheriv, createHmac } from "node:crypto";
import { describe, it } from "node:test";
import { VarcoError } from "../../src/errors/varco-error.ts";
import { readPskc as readPskcRows } from "../../src/hardware-tokens/formats/pskc.ts";
import { inWords, type WordedRow } from "../support/import-rows.ts";

const readPskc = (...args: Parameters<typeof readPskcRows>) => readPskcRows(...args).map(inWords);

// Documents from RFC 6030 and from the test suite of python-pskc (tests/rfc6030/, tests/feitian/,
// tests/encryption/, tests/invalid/, tests/misc/), quoted as data.

const rfcSecretHex = "3132333435363738393031323334353637383930"; // ASCII "12345678901234567890"
const rfcPreSharedKey = Buffer.from("12345678901234567890123456789012", "hex");

/** RFC 6030 Figure 2: the basic container, no DeviceInfo and a 4-byte secret. */
const figure2 = `<?xml version="1.0" encoding="UTF-8"?>
<KeyContainer Version="1.0" Id="exampleID1" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">
    <KeyPackage>
        <Key Id="12345678" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp">
            <Issuer>Issuer-A</Issuer>
            <Data>
                <Secret>
                    <PlainValue>MTIzNA==
                    </PlainValue>
                </Secret>
            </Data>
        </Key>
    </KeyPackage>
</KeyContainer>`;

/** RFC 6030 Figure 3: a plain HOTP key with supplementary data. */
const figure3 = `<?xml version="1.0" encoding="UTF-8"?>
<KeyContainer Version="1.0" Id="exampleID1" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">
    <KeyPackage>
        <DeviceInfo>
            <Manufacturer>Manufacturer</Manufacturer>
            <SerialNo>987654321</SerialNo>
            <UserId>DC=example-bank,DC=net</UserId>
        </DeviceInfo>
        <CryptoModuleInfo>
            <Id>CM_ID_001</Id>
        </CryptoModuleInfo>
        <Key Id="12345678" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp">
            <Issuer>Issuer</Issuer>
            <AlgorithmParameters>
                <ResponseFormat Length="8" Encoding="DECIMAL"/>
            </AlgorithmParameters>
            <Data>
                <Secret>
                    <PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=
                    </PlainValue>
                </Secret>
                <Counter>
                    <PlainValue>0</PlainValue>
                </Counter>
            </Data>
            <UserId>UID=jsmith,DC=example-bank,DC=net</UserId>
        </Key>
    </KeyPackage>
</KeyContainer>`;

const macKeyCipherValue = "ESIzRFVmd4iZABEiM0RVZgKn6WjLaTC1sbeBMSvIhRejN9vJa2BOlSaMrR7I5wSX";
const secretCipherValue = "AAECAwQFBgcICQoLDA0OD+cIHItlB3Wra1DUpxVvOx2lef1VmNPCMl8jwZqIUqGv";
const secretValueMac = "Su+NvtQfmvfJzF6bmQiJqoLRExc=";

/**
 * RFC 6030 section 6.1, Figure 6: the secret encrypted with AES-128-CBC under the pre-shared key
 * 12345678901234567890123456789012 hex, and the HMAC-SHA1 MAC key
 * 1122334455667788990011223344556677889900 hex encrypted with the same key.
 */
const figure6 = `<?xml version="1.0" encoding="UTF-8"?>
<KeyContainer Version="1.0"
    xmlns="urn:ietf:params:xml:ns:keyprov:pskc"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#"
    xmlns:xenc="http://www.w3.org/2001/04/xmlenc#">
    <EncryptionKey>
        <ds:KeyName>Pre-shared-key</ds:KeyName>
    </EncryptionKey>
    <MACMethod Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1">
        <MACKey>
            <xenc:EncryptionMethod
            Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
            <xenc:CipherData>
                <xenc:CipherValue>
    ${macKeyCipherValue}
                </xenc:CipherValue>
            </xenc:CipherData>
        </MACKey>
    </MACMethod>
    <KeyPackage>
        <DeviceInfo>
            <Manufacturer>Manufacturer</Manufacturer>
            <SerialNo>987654321</SerialNo>
        </DeviceInfo>
        <CryptoModuleInfo>
            <Id>CM_ID_001</Id>
        </CryptoModuleInfo>
        <Key Id="12345678"
            Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp">
            <Issuer>Issuer</Issuer>
            <AlgorithmParameters>
                <ResponseFormat Length="8" Encoding="DECIMAL"/>
            </AlgorithmParameters>
            <Data>
                <Secret>
                    <EncryptedValue>
                        <xenc:EncryptionMethod
                        Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
                        <xenc:CipherData>
                            <xenc:CipherValue>
    ${secretCipherValue}
                            </xenc:CipherValue>
                        </xenc:CipherData>
                    </EncryptedValue>
                    <ValueMAC>${secretValueMac}
                    </ValueMAC>
                </Secret>
                <Counter>
                    <PlainValue>0</PlainValue>
                </Counter>
            </Data>
        </Key>
    </KeyPackage>
</KeyContainer>`;

const figure6Token = {
  serialNumber: "987654321",
  secret: hex(rfcSecretHex),
  kind: "hotp",
  algorithm: "SHA1",
  digits: 8,
  period: 30,
  counter: 0,
  manufacturer: "Manufacturer",
  model: "",
  upn: null,
} as const;
const figure6Fields = ["987654321", "Manufacturer", "", ""];
const macMismatch = "the MAC does not match: wrong pre-shared key or altered file";

/**
 * python-pskc tests/encryption/aes192-cbc.pskcxml, tests/aes256-cbc.pskcxml,
 * tests/encryption/no-mac-key.pskcxml and tests/encryption/mac-over-plaintext.pskcxml, with a
 * DeviceInfo and an Algorithm added (the MAC covers only the cipher value).
 */
function encryptedVector(
  cipher: string,
  mac: string,
  macKey: string,
  value: string,
  valueMac: string,
) {
  const xenc = "http://www.w3.org/2001/04/xmlenc#";
  const macKeyElement = macKey
    ? `<MACKey><xenc:EncryptionMethod Algorithm="${xenc}${cipher}"/>
      <xenc:CipherData><xenc:CipherValue>${macKey}</xenc:CipherValue></xenc:CipherData></MACKey>`
    : "";
  return `<?xml version="1.0" encoding="UTF-8"?>
<KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc"
  xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xenc="${xenc}">
 <EncryptionKey><ds:KeyName>Pre-shared-key</ds:KeyName></EncryptionKey>
 <MACMethod Algorithm="${mac}">${macKeyElement}</MACMethod>
 <KeyPackage>
  <DeviceInfo><SerialNo>S-${cipher}</SerialNo></DeviceInfo>
  <Key Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp"><Data><Secret>
   <EncryptedValue>
    <xenc:EncryptionMethod Algorithm="${xenc}${cipher}"/>
    <xenc:CipherData><xenc:CipherValue>${value}</xenc:CipherValue></xenc:CipherData>
   </EncryptedValue>
   <ValueMAC>${valueMac}</ValueMAC>
  </Secret></Data></Key>
 </KeyPackage>
</KeyContainer>`;
}

/** python-pskc tests/feitian/file1.pskcxml (from the LinOTP test suite), first and third keys. */
const feitian = `<?xml version="1.0" encoding="UTF-8"?>
<KeyContainer Version="1.0" xmlns ="urn:ietf:params:xml:ns:keyprov:pskc">
  <KeyPackage>
    <DeviceInfo>
      <Manufacturer>Feitian Technology Co.,Ltd</Manufacturer>
      <SerialNo>1000133508267</SerialNo>
    </DeviceInfo>
    <Key Id="1000133508267" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp">
      <AlgorithmParameters>
        <ResponseFormat Length="6" Encoding="DECIMAL"/>
      </AlgorithmParameters>
      <Data>
        <Secret>
          <PlainValue>PuMnCivln/14Ii3DNhR4/1zGN5A=</PlainValue>
        </Secret>
        <Counter>
          <PlainValue>0</PlainValue>
        </Counter>
      </Data>
      <Policy>
        <StartDate>2012-08-01T00:00:00Z</StartDate>
        <ExpiryDate>2037-12-31T00:00:00Z</ExpiryDate>
      </Policy>
    </Key>
  </KeyPackage>
  <KeyPackage>
    <DeviceInfo>
      <Manufacturer>Feitian Technology Co.,Ltd</Manufacturer>
      <SerialNo>2600124809778</SerialNo>
    </DeviceInfo>
    <Key Id="2600124809778" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp">
      <AlgorithmParameters>
        <ResponseFormat Length="6" Encoding="DECIMAL"/>
      </AlgorithmParameters>
      <Data>
        <Secret>
          <PlainValue>MRffGnGNJKmo8uSW313HCvGNIYM=</PlainValue>
        </Secret>
        <Time>
          <PlainValue>0</PlainValue>
        </Time>
        <TimeInterval>
          <PlainValue>60</PlainValue>
        </TimeInterval>
      </Data>
    </Key>
  </KeyPackage>
</KeyContainer>`;

type PackageOptions = {
  serial?: string;
  algorithm?: string;
  length?: string;
  suite?: string;
  secret?: string;
  counter?: string;
  interval?: string;
  model?: string;
};

const twentyByteSecret = Buffer.from("0123456789abcdefghij");

function keyPackage(options: PackageOptions): string {
  const algorithm = options.algorithm ?? "urn:ietf:params:xml:ns:keyprov:pskc:totp";
  const suite = options.suite === undefined ? "" : `<Suite>${options.suite}</Suite>`;
  const counter = options.counter
    ? `<Counter><PlainValue>${options.counter}</PlainValue></Counter>`
    : "";
  const interval = options.interval
    ? `<TimeInterval><PlainValue>${options.interval}</PlainValue></TimeInterval>`
    : "";
  return `<KeyPackage>
    <DeviceInfo><Manufacturer>Vendor</Manufacturer><SerialNo>${options.serial ?? "T1"}</SerialNo>
      <Model>${options.model ?? "C200"}</Model></DeviceInfo>
    <Key Algorithm="${algorithm}">
      <AlgorithmParameters>${suite}<ResponseFormat Length="${options.length ?? "6"}"/></AlgorithmParameters>
      <Data><Secret><PlainValue>${options.secret ?? twentyByteSecret.toString("base64")}</PlainValue></Secret>
        ${counter}${interval}</Data>
    </Key>
  </KeyPackage>`;
}

function container(...packages: string[]): string {
  return `<?xml version="1.0"?>
<pskc:KeyContainer Version="1.0" xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc">
${packages.join("\n").replaceAll("<", "<pskc:").replaceAll("<pskc:/", "</pskc:")}
</pskc:KeyContainer>`;
}

function hex(value: string): Uint8Array {
  return new Uint8Array(Buffer.from(value, "hex"));
}

/** HOTP (RFC 4226 section 5.3), written out here so the test does not lean on the code under test. */
function hotp(secret: Uint8Array, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", secret).update(message).digest();
  const offset = (mac.at(-1) ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** The error rows must never carry the secret in any encoding. */
function assertNoSecretIn(rows: readonly WordedRow[], secrets: readonly Uint8Array[]) {
  const errors = JSON.stringify(rows.filter((row) => "error" in row));
  for (const secret of secrets) {
    const bytes = Buffer.from(secret);
    for (const form of [
      bytes.toString("hex"),
      bytes.toString("base64"),
      bytes.toString("latin1"),
    ]) {
      assert.ok(!errors.includes(form), `an error row shows the secret as ${form}`);
    }
  }
}

function assertRefused(xml: string, detail: RegExp) {
  assert.throws(
    () => readPskc(xml, {}),
    (error: unknown) => {
      assert.ok(error instanceof VarcoError, `expected a VarcoError, got ${String(error)}`);
      assert.equal(error.code, "invalid_request");
      assert.match(error.detail ?? "", detail);
      return true;
    },
  );
}

describe("readPskc, RFC 6030 examples", () => {
  it("refuses the Figure 2 key package: it has no serial number", () => {
    assert.deepEqual(readPskc(figure2, {}), [
      { line: 1, error: "the key package has no serial number", fields: ["", "", "", ""] },
    ]);
  });

  it("reads the plain Figure 3 key with its device data and the key's UserId", () => {
    assert.deepEqual(readPskc(figure3, {}), [
      {
        line: 1,
        token: { ...figure6Token, upn: "UID=jsmith,DC=example-bank,DC=net" },
      },
    ]);
  });

  it("decrypts the pre-shared key example to the RFC 4226 test secret", () => {
    const rows = readPskc(figure6, { preSharedKey: rfcPreSharedKey });
    assert.deepEqual(rows, [{ line: 1, token: figure6Token }]);
    const row = rows[0];
    assert.ok(row && "token" in row);
    assert.equal(Buffer.from(row.token.secret).toString("hex"), rfcSecretHex);
    // RFC 4226 Appendix D: counter 0 gives 755224 (and 1284755224 before truncation).
    assert.equal(hotp(row.token.secret, 0, 6), "755224");
    assert.equal(hotp(row.token.secret, 0, 8), "84755224");
  });

  it("checks the example itself with node:crypto: the MAC key and the ValueMAC", () => {
    const sealedKey = Buffer.from(macKeyCipherValue, "base64");
    const decipher = createDecipheriv("aes-128-cbc", rfcPreSharedKey, sealedKey.subarray(0, 16));
    const macKey = Buffer.concat([decipher.update(sealedKey.subarray(16)), decipher.final()]);
    assert.equal(macKey.toString("hex"), "1122334455667788990011223344556677889900");
    const mac = createHmac("sha1", macKey).update(Buffer.from(secretCipherValue, "base64"));
    assert.equal(mac.digest("base64"), secretValueMac);
  });

  it("refuses the encrypted key under a wrong pre-shared key as a MAC mismatch", () => {
    for (const key of [Buffer.alloc(16), Buffer.from("12345678901234567890123456789013", "hex")]) {
      const rows = readPskc(figure6, { preSharedKey: key });
      assert.deepEqual(rows, [{ line: 1, error: macMismatch, fields: figure6Fields }]);
      assertNoSecretIn(rows, [hex(rfcSecretHex)]);
    }
  });

  it("asks for a pre-shared key when none is given", () => {
    assert.deepEqual(readPskc(figure6, {}), [
      { line: 1, error: "the key is encrypted: a pre-shared key is needed", fields: figure6Fields },
    ]);
  });

  it("refuses an altered cipher value and an altered ValueMAC", () => {
    const alteredCipher = figure6.replace(secretCipherValue, `${secretCipherValue.slice(0, -1)}z`);
    // A flipped IV bit flips the same plain text bit and leaves the padding intact: only the
    // MAC can tell.
    const alteredIv = figure6.replace(secretCipherValue, `B${secretCipherValue.slice(1)}`);
    // python-pskc tests/invalid/mac-value.pskcxml: the MAC's first letter changed.
    const alteredMac = figure6.replace(secretValueMac, `A${secretValueMac.slice(1)}`);
    for (const xml of [alteredCipher, alteredIv, alteredMac]) {
      assert.notEqual(xml, figure6);
      const rows = readPskc(xml, { preSharedKey: rfcPreSharedKey });
      assert.deepEqual(rows, [{ line: 1, error: macMismatch, fields: figure6Fields }]);
      assertNoSecretIn(rows, [hex(rfcSecretHex)]);
    }
  });

  it("refuses an encrypted secret whose MAC was removed while the file names a MAC method", () => {
    const stripped = figure6.replace(/<ValueMAC>[^<]*<\/ValueMAC>/, "");
    assert.deepEqual(readPskc(stripped, { preSharedKey: rfcPreSharedKey }), [
      {
        line: 1,
        error: "the encrypted secret has no MAC although the file names a MAC method",
        fields: figure6Fields,
      },
    ]);
  });
});

describe("readPskc, other ciphers and MACs (python-pskc vectors)", () => {
  const key24 = Buffer.from("123456789012345678901234567890123456789012345678", "hex");
  const key32 = Buffer.from(`${"1234567890".repeat(6)}1234`, "hex");
  const aes192 = encryptedVector(
    "aes192-cbc",
    "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
    "SVZJVklWSVZJVklWSVZJVmDaimFqjBwo8MSWUGmwDkqJvsb1xlkf0MHfyqeooZzM",
    "AAECAwQFBgcICQoLDA0OD/616ab2do/xcWNKuW1qE3rSzwqoZcpg5ucwpjiZ07tV",
    "ADfYOligu/3jDK9QhUGO7gGMxNxmrBUy4qtv4HyKF8o=",
  );
  const aes256 = encryptedVector(
    "aes256-cbc",
    "http://www.w3.org/2001/04/xmldsig-more#hmac-sha384",
    "SVZJVklWSVZJVklWSVZJVlAHw4GN7cbXseMBjNjUCrR8Lb4syW0I7bbNZbCBRt7T",
    "AAECAwQFBgcICQoLDA0OD7mg24krBXvsLMVBhZbLXDVFEWhqNqRTCO8AfowoBFcd",
    "JdB5+Ub/VSapUmJq+ZzEbseBPijlOp6BGy3+AAHoM7x17MbqR77xREby+9/65UOG",
  );
  const token = (serialNumber: string) => ({
    ...figure6Token,
    serialNumber,
    digits: 6,
    manufacturer: "",
  });

  it("decrypts AES-192-CBC with HMAC-SHA256 and AES-256-CBC with HMAC-SHA384", () => {
    assert.deepEqual(readPskc(aes192, { preSharedKey: key24 }), [
      { line: 1, token: token("S-aes192-cbc") },
    ]);
    assert.deepEqual(readPskc(aes256, { preSharedKey: key32 }), [
      { line: 1, token: token("S-aes256-cbc") },
    ]);
  });

  it("names the key length a cipher needs when the pre-shared key does not fit", () => {
    assert.deepEqual(readPskc(aes192, { preSharedKey: rfcPreSharedKey }), [
      {
        line: 1,
        error: "the pre-shared key is 16 bytes long but aes-192-cbc needs 24",
        fields: ["S-aes192-cbc", "", "", ""],
      },
    ]);
  });

  it("keys the MAC with the pre-shared key when MACMethod has no MACKey (older drafts)", () => {
    const noMacKey = encryptedVector(
      "aes128-cbc",
      "http://www.w3.org/2001/04/xmldsig-more#hmac-sha1",
      "",
      secretCipherValue,
      "N8Agsfe5A7WQFswmdvL/MHdd3y0=",
    );
    assert.deepEqual(readPskc(noMacKey, { preSharedKey: rfcPreSharedKey }), [
      { line: 1, token: token("S-aes128-cbc") },
    ]);
  });

  it("refuses a MAC computed over the plain text instead of IV and cipher text", () => {
    const overPlaintext = encryptedVector(
      "aes128-cbc",
      "http://www.w3.org/2001/04/xmldsig-more#hmac-sha224",
      "SVZJVklWSVZJVklWSVZJViZS3d+rzbWqD74OQPuyiwrD+XlDXK7ef602mwOebfTR",
      secretCipherValue,
      "RDATcSJh3n8TAvMDoPzKqobgOCPZSluA7Gmvpg==",
    );
    assert.deepEqual(readPskc(overPlaintext, { preSharedKey: rfcPreSharedKey }), [
      { line: 1, error: macMismatch, fields: ["S-aes128-cbc", "", "", ""] },
    ]);
  });

  it("refuses password-derived (PBKDF2) encryption, reading prefixed element names", () => {
    // Abridged from python-pskc tests/misc/SampleFullyQualifiedNS.xml.
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<pskc:KeyContainer xmlns:xenc11="http://www.w3.org/2009/xmlenc11#" xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Version="1.0" xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc">
  <pskc:EncryptionKey>
    <xenc11:DerivedKey>
      <xenc11:KeyDerivationMethod Algorithm="http://www.rsasecurity.com/rsalabs/pkcs/schemas/pkcs-5v2-0#pbkdf2"/>
      <xenc11:MasterKeyName>PassPhrase</xenc11:MasterKeyName>
    </xenc11:DerivedKey>
  </pskc:EncryptionKey>
  <pskc:KeyPackage>
    <pskc:DeviceInfo>
      <pskc:Manufacturer>Company</pskc:Manufacturer>
      <pskc:SerialNo>XXXX0000001F</pskc:SerialNo>
      <pskc:Model>Token</pskc:Model>
    </pskc:DeviceInfo>
    <pskc:Key Id="XXXX0000001F#1" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp">
      <pskc:AlgorithmParameters>
        <pskc:Suite>HMAC-SHA256</pskc:Suite>
        <pskc:ResponseFormat Encoding="DECIMAL" Length="6" />
      </pskc:AlgorithmParameters>
      <pskc:Data>
        <pskc:Secret>
          <pskc:EncryptedValue>
            <xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc" />
            <xenc:CipherData>
              <xenc:CipherValue>PTTVlVTEiH/4HdphmBhxFJ7h5bGu5x476HXYd5jUtELg+MVqv+28/V1qT2bXdZXQ5rISLRNsZV0solNfH5WOSQ==</xenc:CipherValue>
            </xenc:CipherData>
          </pskc:EncryptedValue>
        </pskc:Secret>
      </pskc:Data>
    </pskc:Key>
  </pskc:KeyPackage>
</pskc:KeyContainer>`;
    assert.deepEqual(readPskc(xml, { preSharedKey: rfcPreSharedKey }), [
      {
        line: 1,
        error: "the file is encrypted with a password-derived key, which is not supported",
        fields: ["XXXX0000001F", "Company", "Token", ""],
      },
    ]);
  });
});

describe("readPskc, token parameters", () => {
  it("reads a Feitian file: HOTP, and TOTP with a 60-second step", () => {
    const common = { algorithm: "SHA1", digits: 6, model: "", upn: null } as const;
    const manufacturer = "Feitian Technology Co.,Ltd";
    assert.deepEqual(readPskc(feitian, {}), [
      {
        line: 1,
        token: {
          ...common,
          serialNumber: "1000133508267",
          secret: hex("3ee3270a2be59ffd78222dc3361478ff5cc63790"),
          kind: "hotp",
          period: 30,
          counter: 0,
          manufacturer,
        },
      },
      {
        line: 2,
        token: {
          ...common,
          serialNumber: "2600124809778",
          secret: hex("3117df1a718d24a9a8f2e496df5dc70af18d2183"),
          kind: "totp",
          period: 60,
          counter: 0,
          manufacturer,
        },
      },
    ]);
  });

  it("reads TOTP with TimeInterval 60, 8 digits and a SHA512 suite (#totp URN)", () => {
    const xml = container(
      keyPackage({
        algorithm: "urn:ietf:params:xml:ns:keyprov:pskc#totp",
        length: "8",
        interval: "60",
        suite: "HMAC-SHA-512",
      }),
    );
    assert.deepEqual(readPskc(xml, {}), [
      {
        line: 1,
        token: {
          serialNumber: "T1",
          secret: new Uint8Array(twentyByteSecret),
          kind: "totp",
          algorithm: "SHA512",
          digits: 8,
          period: 60,
          counter: 0,
          manufacturer: "Vendor",
          model: "C200",
          upn: null,
        },
      },
    ]);
  });

  it("reads the HOTP counter and a SHA256 suite", () => {
    const xml = container(
      keyPackage({
        algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:hotp",
        counter: "42",
        suite: "HMAC-SHA256",
      }),
    );
    const [row] = readPskc(xml, {});
    assert.ok(row && "token" in row);
    assert.deepEqual(
      [row.token.kind, row.token.counter, row.token.algorithm],
      ["hotp", 42, "SHA256"],
    );
  });

  it("refuses each bad parameter with its reason, and only that package", () => {
    const cases: [PackageOptions, string][] = [
      [{ interval: "45" }, "the time interval 45 is not supported: it must be 30 or 60 seconds"],
      [{ length: "7" }, 'the response length "7" is not supported: it must be 6 or 8'],
      [{ suite: "HMAC-MD5" }, 'the suite "HMAC-MD5" is not supported: SHA1, SHA256 or SHA512'],
      [
        { algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:pin" },
        'the algorithm "urn:ietf:params:xml:ns:keyprov:pskc:pin" is not supported: only HOTP and TOTP',
      ],
      [
        { algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:hotp", counter: "-1" },
        'the counter "-1" is not a whole number',
      ],
      [{ secret: "MTIzNA==" }, "the secret is 4 bytes long: it must be 10 to 64 bytes"],
      [
        { secret: Buffer.alloc(65, 7).toString("base64") },
        "the secret is 65 bytes long: it must be 10 to 64 bytes",
      ],
      [{ secret: "not base64!" }, "the secret is not valid base64"],
      [{ serial: "S".repeat(65) }, "the serial number is over 64 characters"],
      [{ model: "M".repeat(65) }, "the model is over 64 characters"],
    ];
    for (const [options, error] of cases) {
      const bad = keyPackage({ ...options, serial: options.serial ?? "BAD" });
      const rows = readPskc(
        container(keyPackage({ serial: "A" }), bad, keyPackage({ serial: "C" })),
        {},
      );
      assert.deepEqual(
        rows.map((row) => ("token" in row ? `${row.line}:${row.token.serialNumber}` : row)),
        [
          "1:A",
          {
            line: 2,
            error,
            fields: [options.serial ?? "BAD", "Vendor", options.model ?? "C200", ""],
          },
          "3:C",
        ],
      );
      assertNoSecretIn(rows, [twentyByteSecret]);
    }
  });

  it("refuses other encodings, time origins, ambiguous or missing elements", () => {
    const plain = keyPackage({ serial: "E" });
    const cases: [string, string][] = [
      [
        plain.replace('Length="6"', 'Length="6" Encoding="HEXADECIMAL"'),
        'the response encoding "HEXADECIMAL" is not supported',
      ],
      [
        plain.replace("</Data>", "<Time><PlainValue>1000</PlainValue></Time></Data>"),
        "the time origin 1000 is not supported: it must be 0",
      ],
      [plain.replace("</Key>", "</Key><Key/>"), "the element Key appears more than once"],
      [plain.replace(/<Secret>.*<\/Secret>/s, ""), "the key has no secret"],
      [
        plain.replace("</Secret>", "<EncryptedValue/></Secret>"),
        "the secret is given both in plain and encrypted",
      ],
    ];
    for (const [bad, error] of cases) {
      assert.notEqual(bad, plain);
      assert.deepEqual(readPskc(container(bad), {}), [
        { line: 1, error, fields: ["E", "Vendor", "C200", ""] },
      ]);
    }
    const keyWrap = encryptedVector("kw-aes128", "", "", secretCipherValue, secretValueMac);
    assert.deepEqual(readPskc(keyWrap, { preSharedKey: rfcPreSharedKey }), [
      {
        line: 1,
        error:
          'the encryption method "http://www.w3.org/2001/04/xmlenc#kw-aes128" is not supported',
        fields: ["S-kw-aes128", "", "", ""],
      },
    ]);
  });

  it("refuses a serial number seen earlier in the file", () => {
    const rows = readPskc(
      container(
        keyPackage({ serial: "D1" }),
        keyPackage({ serial: "D2" }),
        keyPackage({ serial: "D1" }),
      ),
      {},
    );
    assert.deepEqual(rows.at(2), {
      line: 3,
      error: 'the serial number "D1" already appears in key package 1',
      fields: ["D1", "Vendor", "C200", ""],
    });
    assert.deepEqual(
      rows.slice(0, 2).map((row) => "token" in row && row.token.serialNumber),
      ["D1", "D2"],
    );
    assertNoSecretIn(rows, [twentyByteSecret]);
  });
});

describe("readPskc, documents refused whole", () => {
  it("refuses a billion-laughs document at once", () => {
    const laughs = [`<!ENTITY lol "lol">`];
    for (let level = 1; level <= 9; level += 1) {
      laughs.push(`<!ENTITY lol${level} "${`&lol${level - 1 || ""};`.repeat(10)}">`);
    }
    const xml = `<?xml version="1.0"?>
<!DOCTYPE KeyContainer [${laughs.join("\n")}]>
<KeyContainer Version="1.0"><KeyPackage><DeviceInfo><SerialNo>&lol9;</SerialNo></DeviceInfo></KeyPackage></KeyContainer>`;
    const started = performance.now();
    assertRefused(xml, /^the PSKC file declares a DOCTYPE or entities$/);
    assert.ok(performance.now() - started < 500, "refusing took too long");
  });

  it("refuses external entities and any DOCTYPE", () => {
    assertRefused(
      `<?xml version="1.0"?><!DOCTYPE KeyContainer [<!ENTITY x SYSTEM "file:///etc/passwd">]><KeyContainer>&x;</KeyContainer>`,
      /DOCTYPE or entities/,
    );
    assertRefused(`<!doctype KeyContainer><KeyContainer/>`, /DOCTYPE or entities/);
  });

  it("refuses what is not XML, not well-formed, or not PSKC", () => {
    assertRefused("serial,secret\n1,ABC", /^the PSKC file is not well-formed XML: /);
    assertRefused("", /^the PSKC file is not well-formed XML: /);
    assertRefused(figure3.replace("</Key>", ""), /^the PSKC file is not well-formed XML: /);
    assertRefused(figure3.slice(0, 400), /^the PSKC file is not well-formed XML: /);
    assertRefused(
      "<Tokens><Token/></Tokens>",
      /^the file is not PSKC: its root is not a KeyContainer$/,
    );
    assertRefused("<KeyContainer/><KeyContainer/>", /root is not a KeyContainer/);
    assertRefused(
      figure3.replace('Version="1.0"', 'Version="2.0"'),
      /^PSKC version "2.0" is not supported$/,
    );
  });

  it("refuses a file over 64 MiB", () => {
    const padding = " ".repeat(64 * 1024 * 1024);
    assertRefused(figure3 + padding, /^the PSKC file is larger than 64 MiB$/);
    // Fewer characters than the limit, more bytes in UTF-8.
    const accents = `<!-- ${"é".repeat(33 * 1024 * 1024)} -->`;
    assert.ok(accents.length < 64 * 1024 * 1024);
    assertRefused(figure3 + accents, /^the PSKC file is larger than 64 MiB$/);
  });

  it("refuses a pre-shared key of a length AES does not take", () => {
    assert.throws(
      () => readPskc(figure6, { preSharedKey: Buffer.alloc(20) }),
      (error: unknown) =>
        error instanceof VarcoError &&
        error.code === "invalid_request" &&
        error.detail === "the pre-shared key must be 16, 24 or 32 bytes long",
    );
  });
});
