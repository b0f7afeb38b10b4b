import assert from "node:assert/strict";
import { test } from "node:test";
import { createSmppGateway } from "../../src/sender/sms/smpp-gateway.ts";
import type { DeliveryReport, SmppGatewayConfig } from "../../src/sender/sms/sms-gateway.ts";
import { SmsGatewayError } from "../../src/sender/sms/sms-gateway-error.ts";
import { createSmsGatewayPool } from "../../src/sender/sms/sms-gateway-pool.ts";
import { startTestSmsc, type TestSmscOptions } from "../support/smsc.ts";

const phone = "+393331234567";

function smppConfig(port: number, password = "secret1"): SmppGatewayConfig {
  return {
    kind: "smpp",
    host: "127.0.0.1",
    port,
    tls: false,
    systemId: "varco",
    password,
    sourceAddress: "Scuola",
  };
}

/** An SMSC and a gateway bound to it, with the reports the gateway passed on. */
async function connected(
  options: TestSmscOptions = {},
  gatewayOptions: { timeoutMs?: number } = {},
) {
  const smsc = await startTestSmsc(options);
  const reports: DeliveryReport[] = [];
  const waiting: Array<() => void> = [];
  const gateway = createSmppGateway(smppConfig(smsc.port), {
    ...gatewayOptions,
    onDeliveryReport(report) {
      reports.push(report);
      for (const wake of waiting.splice(0)) wake();
    },
  });
  const nextReport = async (): Promise<DeliveryReport> => {
    const seen = reports.length;
    while (reports.length === seen) await new Promise<void>((resolve) => waiting.push(resolve));
    const report = reports[seen];
    assert.ok(report);
    return report;
  };
  return {
    smsc,
    gateway,
    reports,
    nextReport,
    async close() {
      await gateway.close();
      await smsc.close();
    },
  };
}

test("an SMS goes to the SMSC over SMPP and the send answers the SMSC's message id", async () => {
  const { smsc, gateway, close } = await connected();
  try {
    const sent = await gateway.send({
      to: phone,
      text: "Il tuo codice è 482913",
      reference: "r-1",
    });
    const received = await smsc.nextMessage(phone);
    assert.deepEqual(sent, { gatewayMessageId: received.messageId, via: "primary" });
    assert.equal(received.text, "Il tuo codice è 482913");
    assert.equal(received.from, "Scuola");
    assert.equal(received.dataCoding, 0, "GSM 7-bit when every character is in its alphabet");
    assert.equal(received.parts, 1);
  } finally {
    await close();
  }
});

test("long and Unicode texts arrive intact, in parts joined by the phone", async () => {
  const { smsc, gateway, close } = await connected();
  const texts = [
    { text: `Codice: 123456. ${"Accedi con [codice] {€} ~ ^ | \\ ".repeat(12)}`, dataCoding: 0 },
    { text: "Il codice è 123456 😀 «grazie»", dataCoding: 8 },
    // 33 emoji fill a part to the octet, the next one would be cut in half by a careless split.
    { text: `a${"😀".repeat(80)}`, dataCoding: 8 },
    { text: "Ваш код: 123456. ".repeat(10), dataCoding: 8 },
  ];
  try {
    for (const { text, dataCoding } of texts) {
      const sent = await gateway.send({ to: phone, text, reference: "r-long" });
      const received = await smsc.nextMessage(phone);
      assert.equal(received.text, text);
      assert.equal(received.dataCoding, dataCoding);
      assert.equal(sent.gatewayMessageId, received.messageId);
      assert.ok(received.parts > 1 || text.length < 70, `"${text.slice(0, 20)}…" went in parts`);
    }
  } finally {
    await close();
  }
});

test("a wrong password is refused at bind, and the error names the SMSC's status", async () => {
  const smsc = await startTestSmsc({ password: "right-pw" });
  const gateway = createSmppGateway(smppConfig(smsc.port, "wrong-pw"), { onDeliveryReport() {} });
  try {
    await assert.rejects(gateway.send({ to: phone, text: "123456", reference: "r" }), (error) => {
      assert.ok(error instanceof SmsGatewayError);
      assert.equal(error.failure, "refused");
      assert.match(error.message, /bind.*ESME_RINVPASWD \(0x0000000e\)/);
      assert.doesNotMatch(error.message, /wrong-pw/);
      return true;
    });
    assert.equal(smsc.messages.length, 0);
    assert.equal(smsc.binds(), 0);
  } finally {
    await gateway.close();
    await smsc.close();
  }
});

test("a submit_sm_resp with an error status rejects the send, naming the status", async () => {
  const { gateway, close } = await connected({ failSubmits: true });
  try {
    await assert.rejects(
      gateway.send({ to: phone, text: "123456", reference: "r" }),
      (error: unknown) =>
        error instanceof SmsGatewayError &&
        error.failure === "refused" &&
        /ESME_RSUBMITFAIL \(0x00000045\)/.test(error.message),
    );
  } finally {
    await close();
  }
});

test("an SMSC that never answers the submit makes the send time out", async () => {
  const { gateway, close } = await connected({ ignoreSubmits: true }, { timeoutMs: 300 });
  try {
    await assert.rejects(
      gateway.send({ to: phone, text: "123456", reference: "r" }),
      (error: unknown) => error instanceof SmsGatewayError && error.failure === "timeout",
    );
  } finally {
    await close();
  }
});

test("delivery receipts are reported under the id the send answered", async () => {
  const delivered = await connected({ deliveryReports: "delivered" });
  try {
    const sent = await delivered.gateway.send({ to: phone, text: "123456", reference: "r" });
    assert.deepEqual(
      { ...(await delivered.nextReport()), at: 0 },
      { gatewayMessageId: sent.gatewayMessageId, status: "delivered", at: 0, detail: "DELIVRD" },
    );
    // A long text has a receipt per part and is reported once, when the last part arrived.
    const long = await delivered.gateway.send({ to: phone, text: "1".repeat(400), reference: "r" });
    const report = await delivered.nextReport();
    assert.equal(report.gatewayMessageId, long.gatewayMessageId);
    assert.equal(report.status, "delivered");
    const third = await delivered.gateway.send({ to: phone, text: "654321", reference: "r" });
    assert.equal((await delivered.nextReport()).gatewayMessageId, third.gatewayMessageId);
    assert.equal(delivered.reports.length, 3);
  } finally {
    await delivered.close();
  }

  const failed = await connected({ deliveryReports: "failed" });
  try {
    const sent = await failed.gateway.send({ to: phone, text: "123456", reference: "r" });
    const report = await failed.nextReport();
    assert.equal(report.gatewayMessageId, sent.gatewayMessageId);
    assert.equal(report.status, "failed");
    assert.equal(report.detail, "UNDELIV err:001");
  } finally {
    await failed.close();
  }
});

test("a receipt that names the message in decimal is tied to the hexadecimal id of the submit", async () => {
  const { gateway, nextReport, close } = await connected({
    deliveryReports: "delivered",
    receiptIdsInDecimal: true,
  });
  try {
    const sent = await gateway.send({ to: phone, text: "123456", reference: "r" });
    assert.equal((await nextReport()).gatewayMessageId, sent.gatewayMessageId);
  } finally {
    await close();
  }
});

test("one session carries every message, and a dropped session is bound again on the next send", async () => {
  const { smsc, gateway, close } = await connected();
  try {
    // Sends that start together wait for the same bind.
    await Promise.all(
      ["111111", "222222", "333333"].map((code) =>
        gateway.send({ to: phone, text: code, reference: code }),
      ),
    );
    await gateway.send({ to: phone, text: "000000", reference: "0" });
    assert.equal(smsc.binds(), 1);
    smsc.dropSessions();
    // Let the drop reach the gateway's side of the connection.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await gateway.send({ to: phone, text: "444444", reference: "4" });
    assert.equal(smsc.binds(), 2);
    assert.deepEqual(smsc.messages.map((message) => message.text).sort(), [
      "000000",
      "111111",
      "222222",
      "333333",
      "444444",
    ]);
  } finally {
    await close();
  }
});

test("the pool reuses a tenant's SMPP session until its settings change, then closes the old one", async () => {
  const smsc = await startTestSmsc();
  const pool = createSmsGatewayPool();
  const config = smppConfig(smsc.port);
  try {
    const first = pool.gatewayFor("tenant-a:1", config, undefined, () => {});
    await first.send({ to: phone, text: "111111", reference: "1" });
    const again = pool.gatewayFor("tenant-a:1", config, undefined, () => {});
    assert.equal(again, first);
    await again.send({ to: phone, text: "222222", reference: "2" });
    assert.equal(smsc.binds(), 1);

    const other = pool.gatewayFor("tenant-b:1", config, undefined, () => {});
    await other.send({ to: phone, text: "333333", reference: "3" });
    assert.equal(smsc.binds(), 2, "each tenant has its own session");

    const changed = pool.gatewayFor("tenant-a:2", config, undefined, () => {});
    assert.notEqual(changed, first);
    await assert.rejects(first.send({ to: phone, text: "x", reference: "x" }), /closed/);
    await changed.send({ to: phone, text: "444444", reference: "4" });
    assert.equal(smsc.binds(), 3);
    assert.equal(smsc.messages.length, 4);
  } finally {
    await pool.close();
    await smsc.close();
  }
});
