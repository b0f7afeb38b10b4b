import type { Keyring } from "./crypto/keyring.ts";
import type { RelyingParty } from "./methods/passkey/relying-party.ts";
import type { MailSender } from "./sender/mail-sender.ts";
import type { PhonePort } from "./sender/phone-port.ts";
import type { Store } from "./store/open-store.ts";

/** What every flow needs: the store, the keys, and the time (a function, so tests can move it). */
export type Context = {
  readonly store: Store;
  readonly keyring: Keyring;
  readonly now: () => number;
  /** Notification e-mails (SMTP, or the outbox folder). */
  readonly mail?: MailSender;
  /** SMS gateways and the voice provider, as each tenant's phone settings choose them. */
  readonly phone?: PhonePort;
  /** Where passkeys are bound (the public URL); undefined when it cannot host them. */
  readonly relyingParty?: RelyingParty | undefined;
};

/** Who made a change, for the audit log. */
export type Actor = {
  readonly type: "cli" | "user" | "admin" | "apiClient" | "system";
  readonly id: string | null;
  readonly name: string;
  readonly ip?: string | null;
  readonly correlationId?: string | null;
  /** The identity check done before a recovery action (a helpdesk ticket), for the audit log. */
  readonly ticket?: string | undefined;
};
