/**
 * Why a row of a bulk-create or bulk-delete file was refused: a stable code (the error CSV's
 * `code` column, for scripts) and its values, told in English (the CLI, the API) or in the
 * language of the admin page that took the upload.
 */
export type RowRefusal = {
  readonly code: RowRefusalCode;
  readonly values?: Readonly<Record<string, string | number>>;
};

export type RowRefusalCode = keyof typeof texts;

const texts = {
  unsupported_version: {
    en: "the first line must be version:v1.0, the version of the template",
    it: "la prima riga deve essere version:v1.0, la versione del modello",
  },
  header_row: {
    en: "the header row must name the columns {columns}, each with its property in brackets",
    it: "la riga di intestazione deve contenere le colonne {columns}, ognuna con la sua proprietà tra parentesi quadre",
  },
  duplicate_column: {
    en: "the header row names the property [{property}] twice",
    it: "la riga di intestazione contiene due volte la proprietà [{property}]",
  },
  malformed_csv: {
    en: "the file is not valid CSV from this row on: the rest of the file was not read",
    it: "il file non è un CSV valido da questa riga in poi: il resto del file non è stato letto",
  },
  unclosed_quote: {
    en: "a quoted field starting here is never closed: the rest of the file was not read",
    it: "un campo tra virgolette che inizia qui non viene mai chiuso: il resto del file non è stato letto",
  },
  text_after_quote: {
    en: "a quoted field has characters after its closing quote: the rest of the file was not read",
    it: "un campo tra virgolette ha caratteri dopo la virgoletta di chiusura: il resto del file non è stato letto",
  },
  row_too_long: {
    en: "the row is longer than {max} characters: the rest of the file was not read",
    it: "la riga supera i {max} caratteri: il resto del file non è stato letto",
  },
  required: { en: "{column} is empty", it: "il campo {column} è vuoto" },
  upn_invalid: {
    en: "the user name must look like name@domain, with at most 64 characters before the @ and 48 after",
    it: "il nome utente deve avere la forma nome@dominio, con al massimo 64 caratteri prima della @ e 48 dopo",
  },
  upn_domain: {
    en: "the domain {domain} is not one of this tenant's domains",
    it: "il dominio {domain} non è tra i domini di questo tenant",
  },
  duplicate_upn: {
    en: "the user name {upn} appears more than once in the file",
    it: "il nome utente {upn} compare più di una volta nel file",
  },
  user_exists: {
    en: "a user {upn} exists already",
    it: "esiste già un utente {upn}",
  },
  display_name_invalid: {
    en: "the name must have 1 to 256 characters",
    it: "il nome deve avere da 1 a 256 caratteri",
  },
  block_sign_in_invalid: {
    en: "Block sign in must be Yes or No",
    it: "il campo Block sign in deve essere Yes o No",
  },
  password_length: {
    en: "the initial password must have 8 to 256 characters",
    it: "la password iniziale deve avere da 8 a 256 caratteri",
  },
  password_too_guessable: {
    en: "the initial password is too easy to guess (a common password, words, names, dates, keyboard runs, or the user's own name)",
    it: "la password iniziale è troppo facile da indovinare (una password comune, parole, nomi, date, sequenze di tasti o il nome dell'utente)",
  },
  mail_invalid: {
    en: "the e-mail address must look like name@example.org",
    it: "l'indirizzo e-mail deve avere la forma nome@esempio.it",
  },
  mobile_invalid: {
    en: "the mobile phone must start with + and the country code, then 6 to 15 digits",
    it: "il cellulare deve iniziare con + e il prefisso internazionale, seguiti da 6 a 15 cifre",
  },
  department_invalid: {
    en: "the department must have at most 64 characters",
    it: "il reparto deve avere al massimo 64 caratteri",
  },
  control_character: {
    en: "{column} contains a control character",
    it: "il campo {column} contiene un carattere di controllo",
  },
  no_user: {
    en: "no user {upn} in this tenant",
    it: "nessun utente {upn} in questo tenant",
  },
  administrator: {
    en: "{upn} holds an administrator role: deleting them needs a Global Administrator",
    it: "{upn} ha un ruolo di amministratore: per eliminare questo account serve un Amministratore globale",
  },
  last_global_administrator: {
    en: "{upn} is the tenant's last Global Administrator",
    it: "{upn} è l'unico account rimasto con il ruolo di Amministratore globale del tenant",
  },
  taken_meanwhile: {
    en: "the user name {upn} was taken meanwhile by another change",
    it: "il nome utente {upn} è stato preso nel frattempo da un'altra modifica",
  },
} as const satisfies Record<string, { en: string; it: string }>;

export function rowRefusal(code: RowRefusalCode, values?: RowRefusal["values"]): RowRefusal {
  return values ? { code, values } : { code };
}

/** The reason in words; `{name}` takes the value of that name. */
export function rowRefusalText(reason: RowRefusal, language: "en" | "it" = "en"): string {
  return texts[reason.code][language].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = reason.values?.[name];
    return value === undefined ? whole : String(value);
  });
}

/** Every code, for the documentation test. */
export const rowRefusalCodes = Object.keys(texts) as RowRefusalCode[];
