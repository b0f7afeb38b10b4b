/**
 * The part of the `smpp` package (CommonJS, no types of its own) that Varco uses: a session as
 * client or server, PDUs as plain objects, and the command status numbers of SMPP 3.4 §5.1.3.
 */
declare module "smpp" {
  import type { EventEmitter } from "node:events";
  import type { Server as NetServer } from "node:net";

  /** A decoded PDU: the header fields plus whatever mandatory fields and TLVs it carried. */
  export type Pdu = {
    readonly command: string;
    readonly command_status: number;
    readonly sequence_number: number;
    readonly [field: string]: unknown;
    response(options?: Record<string, unknown>): Pdu;
    isResponse(): boolean;
  };

  export type PduOptions = Record<string, unknown>;

  export class Session extends EventEmitter {
    send(pdu: Pdu, responseCallback?: (response: Pdu) => void): boolean;
    bind_transceiver(options: PduOptions, responseCallback?: (response: Pdu) => void): boolean;
    submit_sm(options: PduOptions, responseCallback?: (response: Pdu) => void): boolean;
    deliver_sm(options: PduOptions, responseCallback?: (response: Pdu) => void): boolean;
    enquire_link(options: PduOptions, responseCallback?: (response: Pdu) => void): boolean;
    unbind(options: PduOptions, responseCallback?: (response: Pdu) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
  }

  export type SmppServer = NetServer & { readonly sessions: Session[] };

  export function connect(
    options: { host: string; port: number; tls?: boolean; servername?: string },
    listener?: () => void,
  ): Session;
  export function createServer(listener: (session: Session) => void): SmppServer;
  /** With `key` and `cert`, an SMPP over TLS server. */
  export function createServer(
    options: { key: string; cert: string },
    listener: (session: Session) => void,
  ): SmppServer;

  export const errors: Readonly<Record<string, number>>;

  const smpp: {
    connect: typeof connect;
    createServer: typeof createServer;
    errors: typeof errors;
  };
  export default smpp;
}
