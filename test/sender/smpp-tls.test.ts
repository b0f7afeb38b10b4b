import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { getCACertificates, setDefaultCACertificates } from "node:tls";
import { promisify } from "node:util";
import { createSmppGateway } from "../../src/sender/sms/smpp-gateway.ts";
import { SmsGatewayError } from "../../src/sender/sms/sms-gateway-error.ts";
import { startTestSmsc } from "../support/smsc.ts";

/** A self-signed certificate for 127.0.0.1, made with openssl for this run only. */
async function loopbackCertificate(): Promise<{ key: string; cert: string }> {
  const dir = await mkdtemp(join(tmpdir(), "varco-smsc-tls-"));
  try {
    await promisify(execFile)("openssl", [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ]);
    return {
      key: await readFile(join(dir, "key.pem"), "utf8"),
      cert: await readFile(join(dir, "cert.pem"), "utf8"),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("with tls the session is SMPP over TLS, and the SMSC's certificate must be trusted", async () => {
  const certificate = await loopbackCertificate();
  const smsc = await startTestSmsc({ tls: certificate });
  const gateway = () =>
    createSmppGateway(
      {
        kind: "smpp",
        host: "127.0.0.1",
        port: smsc.port,
        tls: true,
        systemId: "varco",
        password: "secret1",
        sourceAddress: "Scuola",
      },
      { onDeliveryReport() {} },
    );
  const untrusting = gateway();
  try {
    await assert.rejects(
      untrusting.send({ to: "+393331234567", text: "123456", reference: "r" }),
      (error: unknown) =>
        error instanceof SmsGatewayError &&
        error.failure === "unreachable" &&
        /self-signed certificate/.test(error.message),
    );
    assert.equal(smsc.binds(), 0);

    // This process now trusts the test certificate, as a host trusts its operator's CA.
    setDefaultCACertificates([...getCACertificates("default"), certificate.cert]);
    const trusting = gateway();
    try {
      await trusting.send({ to: "+393331234567", text: "123456", reference: "r" });
      assert.equal((await smsc.nextMessage("+393331234567")).text, "123456");
      assert.equal(smsc.binds(), 1);
    } finally {
      await trusting.close();
    }
  } finally {
    await untrusting.close();
    await smsc.close();
  }
});
