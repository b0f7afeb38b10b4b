// What a person reads on the pages, written out here rather than taken from src/web/i18n, so a
// change of wording that strays from the users' documents (seeds 000 and 004) shows up as a
// failing story. The Italian follows the seeds: "Proteggi l'account", "Metodo 1 di 1",
// "Etichetta OTP", "Scegli il metodo OTP", "Digita qui la password monouso".

export type Lang = "en" | "it";

export type Words = {
  signInTitle: string;
  upn: string;
  password: string;
  signIn: string;
  signedOut: string;
  protectTitle: string;
  methodOneOfOne: string;
  next: string;
  newAppTitle: string;
  otpLabel: string;
  qrTitle: string;
  qrImage: string;
  qrDownload: string;
  cannotScan: string;
  addToApp: string;
  enrolCode: string;
  invalidCode: string;
  backupCodesTitle: string;
  backupCodesList: string;
  backupCodesContinue: string;
  printCodes: string;
  securityInfoTitle: string;
  enabled: string;
  never: string;
  newOtp: string;
  methodAdded: string;
  signOut: string;
  verifyTitle: string;
  singleMethod: string;
  chooseMethod: string;
  oneTimePassword: string;
  failedAttempts: (n: number, max: number) => string;
  otherWays: string;
  useBackupCode: string;
  backupCodesLeft: (n: number) => string;
  backupCode: string;
  backToOtherWays: string;
  useAppCode: string;
  rememberDevice: (days: number) => string;
  rememberedDevices: string;
  lockedTitle: string;
  lockedUntil: (time: string, date: string) => string;
  helpdesk: string;
  useTap: string;
  tapTitle: string;
  tapPass: string;
  invalidPass: string;
  deleteMethod: string;
  methodRemoved: string;
  locale: string;
};

const it: Words = {
  signInTitle: "Accedi",
  upn: "Nome utente",
  password: "Password",
  signIn: "Accedi",
  signedOut: "Disconnessione effettuata.",
  protectTitle: "Proteggi l'account",
  methodOneOfOne: "Metodo 1 di 1",
  next: "Avanti",
  newAppTitle: "Nuova autenticazione OTP",
  otpLabel: "Etichetta OTP",
  qrTitle: "Scansiona il codice QR",
  qrImage: "Codice QR per aggiungere l'account all'app di autenticazione",
  qrDownload: "Scarica il codice QR come immagine (PNG)",
  cannotScan: "Voglio usare un'app di autenticazione diversa o non riesco a scansionare",
  addToApp: "Aggiungi all'app di autenticazione",
  enrolCode: "Inserisci il codice a 6 cifre mostrato dall'app",
  invalidCode: "Il codice non è valido. Controllalo e riprova.",
  backupCodesTitle: "I tuoi codici monouso",
  backupCodesList: "Codici monouso",
  backupCodesContinue: "Ho salvato i codici, continua",
  printCodes: "Stampa i codici",
  securityInfoTitle: "Informazioni di sicurezza",
  enabled: "Abilitato",
  never: "Mai",
  newOtp: "Nuovo OTP",
  methodAdded: "L'app di autenticazione è stata aggiunta.",
  signOut: "Esci",
  verifyTitle: "Autenticazione a due fattori",
  singleMethod: "Metodo OTP:",
  chooseMethod: "Scegli il metodo OTP",
  oneTimePassword: "Digita qui la password monouso",
  failedAttempts: (n, max) =>
    n === 1
      ? `1 tentativo fallito su ${max} con questo metodo.`
      : `${n} tentativi falliti su ${max} con questo metodo.`,
  otherWays: "Accedi in un altro modo",
  useBackupCode: "Usa un codice monouso",
  backupCodesLeft: (n) => `Hai ancora ${n} codici monouso non utilizzati.`,
  backupCode: "Codice monouso",
  backToOtherWays: "Torna agli altri modi per accedere",
  useAppCode: "Usa il codice dell'app di autenticazione",
  rememberDevice: (days) => `Considera questo dispositivo come affidabile per ${days} giorni`,
  rememberedDevices: "Dispositivi affidabili",
  lockedTitle: "Account bloccato per troppi tentativi",
  lockedUntil: (time, date) => `Riprova dopo le ${time} del ${date}.`,
  helpdesk: "Assistenza:",
  useTap: "Accedi con un pass di accesso temporaneo",
  tapTitle: "Accedi con un pass di accesso temporaneo",
  tapPass: "Pass di accesso temporaneo",
  invalidPass:
    "Il nome utente o il pass di accesso temporaneo non sono corretti, oppure il pass è scaduto o è già stato usato.",
  deleteMethod: "Elimina",
  methodRemoved: "L'app di autenticazione è stata eliminata.",
  locale: "it-IT",
};

const en: Words = {
  signInTitle: "Sign in",
  upn: "Username",
  password: "Password",
  signIn: "Sign in",
  signedOut: "You have signed out.",
  protectTitle: "Protect your account",
  methodOneOfOne: "Method 1 of 1",
  next: "Next",
  newAppTitle: "New authenticator app",
  otpLabel: "OTP label",
  qrTitle: "Scan the QR code",
  qrImage: "QR code to add your account to the authenticator app",
  qrDownload: "Download the QR code as an image (PNG)",
  cannotScan: "I want to use a different authenticator app, or I can't scan",
  addToApp: "Add to authenticator app",
  enrolCode: "Enter the 6-digit code shown by the app",
  invalidCode: "The code is not valid. Check it and try again.",
  backupCodesTitle: "Your backup codes",
  backupCodesList: "Backup codes",
  backupCodesContinue: "I have saved the codes, continue",
  printCodes: "Print the codes",
  securityInfoTitle: "Security info",
  enabled: "Enabled",
  never: "Never",
  newOtp: "New OTP",
  methodAdded: "The authenticator app has been added.",
  signOut: "Sign out",
  verifyTitle: "Two-step verification",
  singleMethod: "OTP method:",
  chooseMethod: "Choose the OTP method",
  oneTimePassword: "Type the one-time password",
  failedAttempts: (n, max) => `${n} of ${max} failed attempts with this method.`,
  otherWays: "Sign in another way",
  useBackupCode: "Use a backup code",
  backupCodesLeft: (n) => `You have ${n} unused backup codes.`,
  backupCode: "Backup code",
  backToOtherWays: "Back to the other ways to sign in",
  useAppCode: "Use the code from the authenticator app",
  rememberDevice: (days) => `Don't ask again on this device for ${days} days`,
  rememberedDevices: "Remembered devices",
  lockedTitle: "Account temporarily locked",
  lockedUntil: (time, date) => `Try again after ${time} on ${date}.`,
  helpdesk: "Helpdesk:",
  useTap: "Sign in with a Temporary Access Pass",
  tapTitle: "Sign in with a Temporary Access Pass",
  tapPass: "Temporary Access Pass",
  invalidPass:
    "The username or the Temporary Access Pass is not correct, or the pass has expired or was already used.",
  deleteMethod: "Delete",
  methodRemoved: "The authenticator app has been deleted.",
  locale: "en-GB",
};

export function wordsFor(lang: Lang): Words {
  return lang === "it" ? it : en;
}

/** Both languages, Italian first: the stories run once in each. */
export const languages: readonly Lang[] = ["it", "en"];
