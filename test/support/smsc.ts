import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import smpp, { type Pdu, type Session } from "smpp";

export type ReceivedSms = {
  /** As the SMSC saw the destination: `+` and the digits for an international number. */
  readonly to: string;
  readonly from: string;
  /** The whole text: the parts of a long message joined, each decoded by the smpp package. */
  readonly text: string;
  /** The message_id the SMSC answered for the first part. */
  readonly messageId: string;
  /** How many `submit_sm`s carried it. */
  readonly parts: number;
  /** data_coding of the parts: 0 GSM 7-bit, 8 UCS2. */
  readonly dataCoding: number;
};

export type TestSmscOptions = {
  systemId?: string;
  password?: string;
  /** Answer every submit_sm with ESME_RSUBMITFAIL. */
  failSubmits?: boolean;
  /** Never answer submit_sm, as an SMSC that hangs. */
  ignoreSubmits?: boolean;
  /** Send a receipt for every part: DELIVRD, UNDELIV, or none (the default). */
  deliveryReports?: "delivered" | "failed" | "none";
  /** Write the receipt's id in decimal, as many SMSCs do for ids they answered in hexadecimal. */
  receiptIdsInDecimal?: boolean;
  /** Listen with TLS, with this PEM key and certificate. */
  tls?: { key: string; cert: string };
};

export type TestSmsc = {
  port: number;
  messages: ReceivedSms[];
  /** The next message not yet taken by an earlier call (to `to`, when given), waiting for it. */
  nextMessage(to?: string, timeoutMs?: number): Promise<ReceivedSms>;
  /** How many binds succeeded so far. */
  binds(): number;
  /** Cuts every session, as an SMSC restart does. */
  dropSessions(): void;
  close(): Promise<void>;
};

/**
 * A real SMPP 3.4 SMSC on a loopback port, built on the smpp package's server side: it checks
 * the bind's system_id and password (ESME_RINVPASWD otherwise), answers submit_sm with a
 * message_id, joins concatenated parts by their UDH reference, and sends SMPP 3.4 Appendix B
 * delivery receipts as deliver_sm when asked to.
 */
export async function startTestSmsc(options: TestSmscOptions = {}): Promise<TestSmsc> {
  const systemId = options.systemId ?? "varco";
  const password = options.password ?? "secret1";
  const messages: ReceivedSms[] = [];
  const taken = new Set<ReceivedSms>();
  const waiters: Array<() => void> = [];
  const partial = new Map<string, Array<{ text: string; messageId: string } | undefined>>();
  let binds = 0;

  const onSession = (session: Session) => {
    let bound = false;
    session.on("error", () => {});
    const bind = (pdu: Pdu) => {
      if (pdu.system_id !== systemId) {
        session.send(pdu.response({ command_status: smpp.errors.ESME_RINVSYSID }));
        session.close();
        return;
      }
      if (pdu.password !== password) {
        session.send(pdu.response({ command_status: smpp.errors.ESME_RINVPASWD }));
        session.close();
        return;
      }
      bound = true;
      binds += 1;
      session.send(pdu.response({ system_id: "varco-test-smsc" }));
    };
    session.on("bind_transceiver", bind);
    session.on("bind_transmitter", bind);
    session.on("enquire_link", (pdu: Pdu) => session.send(pdu.response()));
    session.on("unbind", (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on("submit_sm", (pdu: Pdu) => {
      if (!bound) {
        session.send(pdu.response({ command_status: smpp.errors.ESME_RINVBNDSTS }));
        return;
      }
      if (options.ignoreSubmits) return;
      if (options.failSubmits) {
        session.send(pdu.response({ command_status: smpp.errors.ESME_RSUBMITFAIL }));
        return;
      }
      const messageId = randomBytes(5).toString("hex");
      session.send(pdu.response({ message_id: messageId }));
      receive(pdu, messageId);
      if ((options.deliveryReports ?? "none") !== "none") sendReceipt(session, pdu, messageId);
    });
  };
  const server = options.tls
    ? smpp.createServer(options.tls, onSession)
    : smpp.createServer(onSession);

  function receive(pdu: Pdu, messageId: string) {
    const short = pdu.short_message as { udh?: Buffer[]; message: string };
    const to = `${pdu.dest_addr_ton === 1 ? "+" : ""}${String(pdu.destination_addr)}`;
    const from = `${pdu.source_addr_ton === 1 ? "+" : ""}${String(pdu.source_addr)}`;
    const dataCoding = Number(pdu.data_coding);
    const concat = short.udh?.find((element) => element[0] === 0x00 && element[1] === 3);
    if (!concat) {
      record({ to, from, text: short.message, messageId, parts: 1, dataCoding });
      return;
    }
    const [, , reference = 0, total = 0, index = 0] = concat;
    const key = `${from}>${to}#${reference}`;
    const parts = partial.get(key) ?? Array.from({ length: total }, () => undefined);
    partial.set(key, parts);
    parts[index - 1] = { text: short.message, messageId };
    if (parts.some((part) => part === undefined)) return;
    partial.delete(key);
    record({
      to,
      from,
      text: parts.map((part) => part?.text ?? "").join(""),
      messageId: parts[0]?.messageId ?? "",
      parts: total,
      dataCoding,
    });
  }

  function record(message: ReceivedSms) {
    messages.push(message);
    for (const wake of waiters.splice(0)) wake();
  }

  function sendReceipt(session: Session, submit: Pdu, messageId: string) {
    const delivered = options.deliveryReports === "delivered";
    const date = new Date().toISOString().replace(/\D/g, "").slice(2, 12);
    const id = options.receiptIdsInDecimal
      ? BigInt(`0x${messageId}`).toString(10).padStart(10, "0")
      : messageId;
    const text =
      `id:${id} sub:001 dlvrd:${delivered ? "001" : "000"} submit date:${date} ` +
      `done date:${date} stat:${delivered ? "DELIVRD" : "UNDELIV"} err:${delivered ? "000" : "001"} text:`;
    // After the submit_sm_resp, as an SMSC does once the phone has answered.
    setImmediate(() =>
      session.deliver_sm({
        source_addr_ton: submit.dest_addr_ton,
        source_addr_npi: submit.dest_addr_npi,
        source_addr: submit.destination_addr,
        destination_addr: submit.source_addr,
        esm_class: 0x04,
        short_message: text,
      }),
    );
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    port,
    messages,
    binds: () => binds,
    async nextMessage(to, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(
          (message) => !taken.has(message) && (to === undefined || message.to === to),
        );
        if (found) {
          taken.add(found);
          return found;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`the test SMSC received no SMS${to ? ` to ${to}` : ""}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    dropSessions() {
      for (const session of [...server.sessions]) session.destroy();
    },
    close() {
      for (const session of [...server.sessions]) session.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
