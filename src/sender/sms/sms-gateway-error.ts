/**
 * Why a gateway did not take a message. Never carries a credential: the message names the
 * gateway, what it answered (a command status, an HTTP status, the provider's error code) and
 * nothing of the request. The text of the SMS is not in it either, since it holds a code.
 */
export type SmsGatewayFailure =
  /** No answer in time: the message may or may not have gone out. */
  | "timeout"
  /** The gateway could not be reached or the connection broke. */
  | "unreachable"
  /** The gateway answered and refused: bad credentials, a bad number, a full queue. */
  | "refused"
  /** A configuration Varco will not use. */
  | "invalid_config"
  /** Every gateway of the tenant failed. */
  | "all_failed";

export class SmsGatewayError extends Error {
  readonly failure: SmsGatewayFailure;

  constructor(failure: SmsGatewayFailure, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "SmsGatewayError";
    this.failure = failure;
  }
}
