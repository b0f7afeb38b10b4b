import { randomInt } from "node:crypto";
import smpp, { type Pdu, type Session } from "smpp";
import { encodeSmsSegments, esmClassUdhIndicator } from "./encode-sms-segments.ts";
import { parseSmppDeliveryReceipt } from "./parse-smpp-delivery-receipt.ts";
import type { DeliveryReport, SmppGatewayConfig, SmsGateway } from "./sms-gateway.ts";
import { SmsGatewayError } from "./sms-gateway-error.ts";
import { withTimeout } from "./with-timeout.ts";

/** Where a gateway says what went wrong outside a send (pino's and Fastify's loggers fit). */
export type SmsGatewayLogger = {
  warn(details: Record<string, unknown>, message: string): void;
};

export type SmppGatewayOptions = {
  /** Called for every final delivery receipt, named by the id `send` resolved with. */
  onDeliveryReport(report: DeliveryReport): void;
  /** How long one send may take, binding included; 10 s when absent. */
  timeoutMs?: number;
  logger?: SmsGatewayLogger;
};

/** One TCP (or TLS) connection bound as transceiver. */
type Link = {
  readonly session: Session;
  open: boolean;
  /** Rejects the sends waiting for a response on this link, when it breaks. */
  readonly waiting: Set<(error: Error) => void>;
};

/** A sent message whose receipts are still expected, one per part. */
type Tracked = {
  /** The first part's id, which `send` resolves with. */
  gatewayMessageId: string;
  readonly parts: number;
  readonly delivered: Set<string>;
  readonly keys: string[];
};

const enquireLinkMs = 30_000;
const unbindWaitMs = 2_000;
const trackedLimit = 20_000;

/**
 * An SMPP 3.4 gateway: one transceiver session, bound on the first send and again on the first
 * send after it dropped, shared by every message (operators limit binds, and a bind per SMS is
 * slow). A send resolves with the SMSC's message_id (the first part's, for a long text) once
 * every part has its `submit_sm_resp`; it rejects on a non-zero command status, naming it, and
 * on the timeout, which bounds bind and submits together. Delivery receipts arriving on the
 * session are answered and reported once per message: delivered when every part is, failed as
 * soon as one part is. `close()` waits for the sends under way, then unbinds.
 */
export function createSmppGateway(
  config: SmppGatewayConfig,
  options: SmppGatewayOptions,
): SmsGateway {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const where = `${config.host}:${config.port}`;
  const inFlight = new Set<Promise<unknown>>();
  const tracked = new Map<string, { message: Tracked; part: string }>();
  let link: Promise<Link> | undefined;
  /** The bound link `link` resolved to, while it is open. */
  let live: Link | undefined;
  let closed = false;
  let nextReference = randomInt(256);

  function connect(): Promise<Link> {
    return new Promise<Link>((resolve, reject) => {
      let bound = false;
      const session = smpp.connect(
        { host: config.host, port: config.port, tls: config.tls },
        () => {
          session.bind_transceiver(
            { system_id: config.systemId, password: config.password },
            (response) => {
              if (response.command_status === 0) {
                bound = true;
                clearTimeout(bindTimer);
                live = current;
                resolve(current);
                return;
              }
              fail(
                new SmsGatewayError(
                  "refused",
                  `the SMSC at ${where} refused the bind: ${commandStatusName(response.command_status)}`,
                ),
              );
            },
          );
        },
      );
      const current: Link = { session, open: true, waiting: new Set() };
      const keepAlive = setInterval(() => session.enquire_link({}), enquireLinkMs);
      keepAlive.unref();
      const bindTimer = setTimeout(
        () => fail(new SmsGatewayError("timeout", `no bind answer from the SMSC at ${where}`)),
        timeoutMs,
      );
      function fail(error: SmsGatewayError) {
        clearTimeout(bindTimer);
        reject(error);
        session.destroy();
      }
      session.on("error", (error: Error) => {
        if (!bound) {
          fail(
            new SmsGatewayError(
              "unreachable",
              `cannot reach the SMSC at ${where}: ${error.message}`,
              {
                cause: error,
              },
            ),
          );
          return;
        }
        options.logger?.warn({ smsc: where, error: error.message }, "SMPP session error");
        // The smpp package stops reading after an error: bind afresh on the next send.
        session.destroy();
      });
      session.on("close", () => {
        current.open = false;
        clearInterval(keepAlive);
        clearTimeout(bindTimer);
        reject(new SmsGatewayError("unreachable", `the SMSC at ${where} closed the connection`));
        const broken = new SmsGatewayError("unreachable", `the session to ${where} dropped`);
        for (const rejectWaiting of current.waiting) rejectWaiting(broken);
        current.waiting.clear();
        // The next send binds again (a close after close() was asked for stays closed).
        if (live === current) {
          live = undefined;
          link = undefined;
        }
      });
      session.on("enquire_link", (pdu: Pdu) => session.send(pdu.response()));
      session.on("unbind", (pdu: Pdu) => {
        session.send(pdu.response());
        session.close();
      });
      session.on("deliver_sm", (pdu: Pdu) => {
        session.send(pdu.response());
        receive(pdu);
      });
    });
  }

  function bound(): Promise<Link> {
    if (!link) {
      const attempt = connect();
      link = attempt;
      attempt.catch(() => {
        if (link === attempt) link = undefined;
      });
    }
    return link;
  }

  /** `accepted` runs in the response's own turn, before a receipt read after it can be handled. */
  function submit(
    current: Link,
    fields: Record<string, unknown>,
    accepted: (messageId: string) => void,
  ): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const settle = (error: Error) => reject(error);
      current.waiting.add(settle);
      const written = current.session.submit_sm(fields, (response) => {
        current.waiting.delete(settle);
        if (response.command_status !== 0) {
          reject(
            new SmsGatewayError(
              "refused",
              `the SMSC at ${where} refused the message: ${commandStatusName(response.command_status)}`,
            ),
          );
          return;
        }
        const messageId = response.message_id;
        if (typeof messageId !== "string" || messageId === "") {
          reject(new SmsGatewayError("refused", `the SMSC at ${where} gave no message_id`));
          return;
        }
        accepted(messageId);
        resolve(messageId);
      });
      if (!written) {
        current.waiting.delete(settle);
        reject(new SmsGatewayError("unreachable", `the session to ${where} is not writable`));
      }
    });
  }

  async function deliver(sms: { to: string; text: string }, abandoned: () => boolean) {
    const encoded = encodeSmsSegments(sms.text, nextReference);
    nextReference = (nextReference + 1) % 256;
    const current = await bound();
    const source = addressOf(config.sourceAddress);
    const destination = addressOf(sms.to);
    const message: Tracked = {
      gatewayMessageId: "",
      parts: encoded.parts.length,
      delivered: new Set(),
      keys: [],
    };
    for (const part of encoded.parts) {
      if (abandoned()) break;
      await submit(
        current,
        {
          source_addr_ton: source.ton,
          source_addr_npi: source.npi,
          source_addr: source.address,
          dest_addr_ton: destination.ton,
          dest_addr_npi: destination.npi,
          destination_addr: destination.address,
          esm_class: encoded.parts.length > 1 ? esmClassUdhIndicator : 0,
          registered_delivery: 1,
          data_coding: encoded.dataCoding,
          short_message: part,
        },
        (messageId) => track(message, messageId),
      );
    }
    if (message.gatewayMessageId === "") {
      throw new SmsGatewayError("timeout", "the send was abandoned");
    }
    return message.gatewayMessageId;
  }

  function track(message: Tracked, messageId: string) {
    if (message.gatewayMessageId === "") message.gatewayMessageId = messageId;
    const part = normalizeId(messageId);
    message.keys.push(part);
    tracked.set(part, { message, part });
    // An alias never takes the place of another message's own id.
    for (const key of idAliases(part)) {
      if (tracked.has(key)) continue;
      message.keys.push(key);
      tracked.set(key, { message, part });
    }
    for (const key of tracked.keys()) {
      if (tracked.size <= trackedLimit) break;
      tracked.delete(key);
    }
  }

  function receive(pdu: Pdu) {
    const receipt = parseSmppDeliveryReceipt(pdu);
    if (!receipt?.outcome) return;
    const detail = receipt.error ? `${receipt.stat} err:${receipt.error}` : receipt.stat;
    const entry = tracked.get(normalizeId(receipt.messageId));
    if (!entry) {
      // Sent before a restart or by another instance: the id is the best name there is.
      report({
        gatewayMessageId: receipt.messageId,
        status: receipt.outcome,
        at: Date.now(),
        detail,
      });
      return;
    }
    const { message, part } = entry;
    message.delivered.add(part);
    if (receipt.outcome === "delivered" && message.delivered.size < message.parts) return;
    for (const key of message.keys) {
      if (tracked.get(key)?.message === message) tracked.delete(key);
    }
    report({
      gatewayMessageId: message.gatewayMessageId,
      status: receipt.outcome,
      at: Date.now(),
      detail,
    });
  }

  function report(deliveryReport: DeliveryReport) {
    try {
      options.onDeliveryReport(deliveryReport);
    } catch (error) {
      options.logger?.warn(
        { smsc: where, error: error instanceof Error ? error.message : String(error) },
        "SMS delivery report handler failed",
      );
    }
  }

  return {
    async send(message) {
      if (closed) throw new SmsGatewayError("unreachable", `the gateway to ${where} is closed`);
      let timedOut = false;
      const work = deliver(message, () => timedOut);
      inFlight.add(work);
      try {
        const gatewayMessageId = await withTimeout(work, timeoutMs, () => {
          timedOut = true;
          return new SmsGatewayError("timeout", `no answer from the SMSC at ${where} in time`);
        });
        return { gatewayMessageId, via: "primary" };
      } finally {
        inFlight.delete(work);
        work.catch(noop);
      }
    },

    async close() {
      closed = true;
      await Promise.allSettled([...inFlight]);
      const current = await link?.catch(() => undefined);
      if (!current?.open) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => current.session.destroy(), unbindWaitMs);
        current.session.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
        const written = current.session.unbind({}, () => current.session.close());
        if (!written) current.session.destroy();
      });
    },
  };
}

/** E.164 numbers go international (TON 1, NPI 1); other digits as they are; names alphanumeric. */
function addressOf(value: string): { ton: number; npi: number; address: string } {
  if (/^\+\d+$/.test(value)) return { ton: 1, npi: 1, address: value.slice(1) };
  if (/^\d+$/.test(value)) return { ton: 0, npi: 1, address: value };
  return { ton: 5, npi: 0, address: value };
}

/** A command status by its SMPP 3.4 name (§5.1.3), with the number for the vendor-specific ones. */
export function commandStatusName(status: number): string {
  const hex = `0x${status.toString(16).padStart(8, "0")}`;
  const name = Object.entries(smpp.errors).find(([, value]) => value === status)?.[0];
  return name ? `${name} (${hex})` : hex;
}

/**
 * Receipts name a message in many ways: SMPP 3.4 Appendix B pads the id to ten digits, and many
 * SMSCs answer `submit_sm_resp` in hexadecimal but write the receipt's id in decimal.
 */
function normalizeId(id: string): string {
  return id.toLowerCase().replace(/^0+(?=.)/, "");
}

function idAliases(id: string): string[] {
  const aliases: string[] = [];
  if (/^[0-9a-f]{1,16}$/.test(id)) aliases.push(BigInt(`0x${id}`).toString(10));
  if (/^\d{1,20}$/.test(id)) aliases.push(BigInt(id).toString(16));
  return aliases.filter((alias) => alias !== id);
}

function noop() {}
