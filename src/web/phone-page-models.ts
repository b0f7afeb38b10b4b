import type { PhoneCodeError } from "../sign-in/types.ts";

/** A phone on the code prompt: "Text +39 ••• •••• 12", "Call +39 ••• •••• 12". */
export type VerifyPhone = { phoneType: string; maskedNumber: string; sms: boolean; voice: boolean };

/** The user's default method when it is a phone: its button comes first, as the primary one. */
export type VerifyPreferredPhone = { phoneType: string; kind: "sms" | "voice" };

/** "We are calling +39 ••• •••• 12": press # to approve (seed 001). */
export type VerifyCallModel = {
  phoneType: string;
  maskedNumber: string;
  status: "calling" | "approved" | "denied";
  /** Seconds until "Call again" works; 0: it works now. */
  againInSeconds: number;
  fraudCode: string;
  rememberDeviceDays: number | null;
  error?: PhoneCodeError;
};

/** The code sent by SMS during sign-in, and "Send again" (seed 000). */
export type VerifySmsModel = {
  phoneType: string;
  maskedNumber: string;
  /** Seconds until "Send again" works; 0: it works now. */
  resendInSeconds: number;
  digits: number;
  rememberDeviceDays: number | null;
  error?: "invalid_code" | PhoneCodeError;
};

/** A country the tenant lets codes go to, for the number field. */
export type PhoneCountry = { code: string; callingCode: string; name: string };

/** "Metodo 2 di 2: Telefono": the number to send a code to (seed 000). */
export type RegisterPhoneModel = {
  step: number;
  total: number;
  countries: PhoneCountry[];
  selectedCountry: string;
  number?: string;
  error?: PhoneCodeError;
};

/** "Un codice di 6 cifre è stato appena inviato a +39 …" (seed 000). */
export type RegisterPhoneCodeModel = {
  step: number;
  total: number;
  /** The number as the user typed it, shown back in full to its owner. */
  phoneNumber: string;
  resendInSeconds: number;
  digits: number;
  error?: "invalid_code" | PhoneCodeError;
};

/** "Verifica completata. Il telefono è stato registrato." */
export type RegisterPhoneDoneModel = { step: number; total: number; continueUrl: string };
