/**
 * The SMS port. A tenant chooses its gateway (and optionally a second one that takes over when
 * the first fails); Varco hands it a message and records what the gateway answered. Nothing here
 * knows about sign-ins: the text is final when it arrives.
 */

/** SMPP 3.4, the operators' own protocol: a bound transceiver session to the SMSC. */
export type SmppGatewayConfig = {
  readonly kind: "smpp";
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly systemId: string;
  readonly password: string;
  /** The sender shown on the phone: a short alphanumeric name or a number. */
  readonly sourceAddress: string;
};

/** The Twilio-compatible REST form (`POST …/Accounts/{sid}/Messages.json`) most providers accept. */
export type TwilioGatewayConfig = {
  readonly kind: "twilio";
  /** `https://api.twilio.com` or a compatible provider's address. */
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly from: string;
};

/** Any HTTP gateway: a request built from a template with `{{to}}`, `{{text}}`, `{{reference}}`. */
export type HttpTemplateGatewayConfig = {
  readonly kind: "httpTemplate";
  readonly url: string;
  readonly method: "POST" | "GET";
  /** Sent as they are (an `Authorization` header, an API key). */
  readonly headers: Readonly<Record<string, string>>;
  readonly contentType: "application/json" | "application/x-www-form-urlencoded";
  /** The body, placeholders filled in and escaped for the content type (ignored for GET). */
  readonly body: string;
  /** Dotted path of the message id in a JSON answer (`messages.0.id`); absent: the reference. */
  readonly messageIdPath?: string;
};

export type SmsGatewayConfig = SmppGatewayConfig | TwilioGatewayConfig | HttpTemplateGatewayConfig;

export type SmsMessage = {
  /** E.164, `+393331234567`. */
  readonly to: string;
  readonly text: string;
  /** Varco's own id for the message, which a delivery report names back where it can. */
  readonly reference: string;
};

export type SentSms = {
  /** The id the gateway gave the message, which its delivery reports name. */
  readonly gatewayMessageId: string;
  /** Which of the tenant's gateways took it. */
  readonly via: "primary" | "secondary";
};

export type DeliveryReport = {
  readonly gatewayMessageId: string;
  readonly status: "delivered" | "failed";
  readonly at: number;
  /** The gateway's own word for the outcome (`DELIVRD`, `UNDELIV`, `undelivered`, an error code). */
  readonly detail: string;
};

export type SmsGateway = {
  send(message: SmsMessage): Promise<SentSms>;
  close(): Promise<void>;
};
