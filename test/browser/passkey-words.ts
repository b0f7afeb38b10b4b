import type { Lang } from "./words.ts";

// What a person reads about passkeys on the pages, written out here (as words.ts does for the
// other methods) rather than taken from src/web/i18n.

export type PasskeyWords = {
  passkeyInstead: string;
  newTitle: string;
  name: string;
  create: string;
  usePasskey: string;
  signInWithPasskey: string;
  section: string;
  add: string;
  passkey: string;
  securityKey: string;
  added: string;
  renamed: string;
  removed: string;
  rename: string;
  renameTitle: string;
  saveName: string;
  nameField: string;
  removeTitle: (name: string) => string;
  failed: string;
  cloned: string;
};

const it: PasskeyWords = {
  passkeyInstead: "Usa invece una passkey o una chiave di sicurezza",
  newTitle: "Passkey o chiave di sicurezza",
  name: "Nome (facoltativo)",
  create: "Crea la passkey o aggiungi la chiave di sicurezza",
  usePasskey: "Usa una passkey o una chiave di sicurezza",
  signInWithPasskey: "Accedi con una passkey",
  section: "Passkey e chiavi di sicurezza",
  add: "Aggiungi una passkey o una chiave di sicurezza",
  passkey: "Passkey",
  securityKey: "Chiave di sicurezza",
  added: "La passkey o la chiave di sicurezza è stata aggiunta.",
  renamed: "La passkey o la chiave di sicurezza è stata rinominata.",
  removed: "La passkey o chiave di sicurezza è stata rimossa.",
  rename: "Rinomina",
  renameTitle: "Rinomina la passkey o la chiave di sicurezza",
  saveName: "Salva il nome",
  nameField: "Nome",
  removeTitle: (name) => `Eliminare ${name}?`,
  failed:
    "La passkey o la chiave di sicurezza non è stata accettata. Riprova o scegli un altro metodo.",
  cloned: "Forse clonata",
};

const en: PasskeyWords = {
  passkeyInstead: "Use a passkey or security key instead",
  newTitle: "Passkey or security key",
  name: "Name (optional)",
  create: "Create the passkey or add the security key",
  usePasskey: "Use a passkey or security key",
  signInWithPasskey: "Sign in with a passkey",
  section: "Passkeys and security keys",
  add: "Add a passkey or security key",
  passkey: "Passkey",
  securityKey: "Security key",
  added: "The passkey or security key has been added.",
  renamed: "The passkey or security key has been renamed.",
  removed: "The passkey or security key has been removed.",
  rename: "Rename",
  renameTitle: "Rename the passkey or security key",
  saveName: "Save the name",
  nameField: "Name",
  removeTitle: (name) => `Delete ${name}?`,
  failed: "The passkey or security key was not accepted. Try again, or choose another method.",
  cloned: "Possibly cloned",
};

export const passkeyWordsFor = (lang: Lang): PasskeyWords => (lang === "it" ? it : en);
