import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import type { Tenant, User } from "../../directory/types.ts";
import type { PasskeyPolicy } from "../../methods/passkey/passkey-policy-for.ts";
import type { PhoneOnFile, PhoneUse } from "../../methods/phone/phone-use.ts";
import type { Db } from "../../store/open-store.ts";
import type { OathSecretRow } from "../../store/queries/methods.ts";
import type { SignInFacts } from "../machine/facts.ts";
import type { Refusal } from "../machine/situation.ts";
import type { PendingSignIn } from "../pending-sign-in.ts";
import type { ClientInfo } from "../types.ts";
import type { ProofClaim, SecondFactorProof } from "../verify-second-factor.ts";

/** Events that begin a sign-in: the first factor. */
export type StartEvent =
  | {
      readonly type: "password";
      readonly tenant: Tenant;
      readonly upn: string;
      readonly password: string;
      /** The browser's remembered-device token, if it has one (seed 001). */
      readonly rememberedDeviceToken: string | null;
    }
  | {
      readonly type: "temporaryAccessPass";
      readonly tenant: Tenant;
      readonly upn: string;
      readonly pass: string;
    }
  /**
   * A passkey alone (passwordless): the browser's answer to the challenge issued to it (its
   * `browserToken`), with user verification, so the key is both factors.
   */
  | {
      readonly type: "passkey";
      readonly tenant: Tenant;
      readonly response: AuthenticationResponseJSON;
      readonly browserToken: string;
    };

/** Events that continue a pending sign-in, each answering the step it names. */
export type ContinuationEvent =
  | {
      readonly type: "secondFactor";
      /** An app's or token's code, a backup code, or the code this sign-in sent by SMS. */
      readonly proof:
        | SecondFactorProof
        | { readonly kind: "phoneCode"; readonly code: string }
        /** The call this sign-in placed, answered with # (checked, never claimed, by the page). */
        | { readonly kind: "phoneCall" }
        /** A passkey or security key, answering the challenge issued to this sign-in. */
        | { readonly kind: "passkey"; readonly response: AuthenticationResponseJSON };
      readonly rememberDevice: boolean;
    }
  | { readonly type: "registration"; readonly methodId: string; readonly code: string }
  | { readonly type: "passwordChange"; readonly newPassword: string }
  /** "I didn't try to sign in" (seed 001), from the code prompt. */
  | { readonly type: "fraudReport" }
  /** "Not now, remind me later", while an enrolment campaign allows it; the page's language. */
  | { readonly type: "postponeRegistration"; readonly language: "en" | "it" | null }
  /** "Text +39 ••• 12" or "Send again": a code by SMS, written in the page's language. */
  | { readonly type: "sendPhoneCode"; readonly phoneType: string; readonly language: "en" | "it" }
  /** Registration's "Phone": a code by SMS to the number typed. */
  | {
      readonly type: "sendRegistrationCode";
      readonly phoneNumber: string;
      readonly language: "en" | "it";
    }
  /** "Call +39 ••• 12": a call that asks the user to press # (seed 001). */
  | { readonly type: "placePhoneCall"; readonly phoneType: string; readonly language: "en" | "it" }
  /** The code sent to the number being registered. */
  | { readonly type: "phoneRegistration"; readonly code: string }
  /** A new passkey or security key, created for the challenge issued to this sign-in. */
  | {
      readonly type: "passkeyRegistration";
      readonly response: RegistrationResponseJSON;
      /** As typed; empty: the authenticator model's name. */
      readonly name: string;
    };

export type SignInEvent = StartEvent | ContinuationEvent;

/** The step each continuation answers: any other step refuses it. */
export const answeredStep = {
  secondFactor: "second_factor",
  registration: "register",
  passwordChange: "change_password",
  fraudReport: "second_factor",
  postponeRegistration: "register",
  sendPhoneCode: "second_factor",
  sendRegistrationCode: "register",
  phoneRegistration: "register",
  placePhoneCall: "second_factor",
  passkeyRegistration: "register",
} as const satisfies Record<ContinuationEvent["type"], string>;

/** What a continuation's handler works on: the sign-in, its user, and their active methods. */
export type Continuing = {
  readonly pending: PendingSignIn;
  readonly tenant: Tenant;
  readonly user: User;
  readonly client: ClientInfo;
  readonly methods: readonly OathSecretRow[];
  /** The user's phones, and whether SMS and calls may be used by this user now. */
  readonly phones: readonly PhoneOnFile[];
  readonly phoneUse: PhoneUse;
  /** The tenant's Fido2 configuration for the user, when it was read (load-situation.ts). */
  readonly passkeyPolicy: PasskeyPolicy | undefined;
};

/**
 * What applying an event did: the facts after it, and why it was refused, if it was. The rest
 * is what the commit needs: the user the first factor named, what to claim, what to write with
 * the step, what to show once.
 */
export type Applied = {
  readonly facts: SignInFacts;
  readonly refusal?: Refusal | undefined;
  readonly user?: User | undefined;
  /** The method the sign-in log names for this event. */
  readonly logMethod?: { readonly id: string | null; readonly kind: string | null } | undefined;
  /** A Temporary Access Pass to use when the sign-in goes on (not when it is refused). */
  readonly passToClaim?: { readonly id: string; readonly usableOnce: boolean } | undefined;
  /**
   * The second factor's single-use claim, written with the step it allows (a session, or the
   * next step), or not at all; `ifLost` is what the event comes to when a copy claimed it first.
   */
  readonly proofToClaim?: (ProofClaim & { readonly ifLost: Applied }) | undefined;
  readonly deviceToken?: string | null | undefined;
  /**
   * Set when the event changed nothing the gates read about the user but the lockout, whose
   * state it knows: the situation read before the event serves after it, with this lockout.
   */
  readonly lockout?: { readonly until: number | undefined } | undefined;
  /**
   * Set when the event changed nothing the gates read about the user (a code sent, a call
   * placed): the situation read before the event serves after it, as it is.
   */
  readonly situationUnchanged?: true | undefined;
  /** Backup codes made by this event, shown once. */
  readonly backupCodes?: readonly string[] | undefined;
  /** Written in the transaction that records the step, once the pending sign-in is ended. */
  readonly effects?: ((tx: Db) => Promise<void>) | undefined;
  /**
   * Sends what the event asked to send (an SMS code) once its step is recorded, so a message goes
   * out only for a sign-in that moved on with it; true when the gateway took it.
   */
  readonly deliver?: (() => Promise<boolean>) | undefined;
  /** Run after that transaction commits (a notification e-mail); its failure is returned. */
  readonly afterCommit?: (() => Promise<unknown>) | undefined;
};
