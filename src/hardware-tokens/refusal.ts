/**
 * Why an import row was refused: a code and its values, told in English (the CLI, the API, the
 * error CSV they write) or in the language of the admin page that took the upload. Column names
 * stay as the file spells them.
 */
export type Refusal = {
  readonly code: RefusalCode;
  readonly values?: Readonly<Record<string, string | number>>;
};

export type RefusalCode = keyof typeof texts;

const texts = {
  header_row: {
    en: "the header row must be: {columns}",
    it: "la riga di intestazione deve essere: {columns}",
  },
  line_too_long: {
    en: "line longer than {max} characters",
    it: "riga più lunga di {max} caratteri",
  },
  unterminated_quote: {
    en: "unterminated quoted field",
    it: "campo tra virgolette non chiuso",
  },
  text_after_quote: {
    en: "a quoted field has characters after its closing quote",
    it: "un campo tra virgolette ha caratteri dopo la virgoletta di chiusura",
  },
  field_count: {
    en: "expected {expected} fields, found {count}",
    it: "attesi {expected} campi, trovati {count}",
  },
  time_interval: {
    en: "time interval must be 30 or 60 (seconds)",
    it: "time interval deve essere 30 o 60 (secondi)",
  },
  type: { en: "type must be hotp or totp", it: "type deve essere hotp o totp" },
  otplen: { en: "otplen must be 6 or 8", it: "otplen deve essere 6 o 8" },
  timestep: {
    en: "timestep must be 30 or 60 (seconds)",
    it: "timestep deve essere 30 o 60 (secondi)",
  },
  duplicate_serial: {
    en: "{label} {serial} appears more than once in the file",
    it: "{label} {serial} compare più di una volta nel file",
  },
  empty: { en: "{label} is empty", it: "il campo {label} è vuoto" },
  too_long: {
    en: "{label} is longer than {max} characters",
    it: "il campo {label} supera i {max} caratteri",
  },
  control_character: {
    en: "{label} contains a control character",
    it: "il campo {label} contiene un carattere di controllo",
  },
  formula: {
    en: "{label} starts with = + - @, a tab or a CR, which spreadsheets read as a formula",
    it: "il campo {label} inizia con = + - @, una tabulazione o un CR, che i fogli di calcolo leggono come una formula",
  },
  upn_invalid: { en: "upn is not valid: {detail}", it: "upn non valido: {detail}" },
  key_invalid: { en: "secret key: {detail}", it: "secret key non valida: {detail}" },
  seed_too_long: {
    en: "seed is longer than {max} hex digits",
    it: "seed supera le {max} cifre esadecimali",
  },
  seed_not_hex: { en: "seed is not hexadecimal", it: "seed non è esadecimale" },
  seed_odd: {
    en: "seed has an odd number of hex digits",
    it: "seed ha un numero dispari di cifre esadecimali",
  },
  key_too_short: {
    en: "{label} is only {bytes} bytes long; at least {min} are needed",
    it: "il campo {label} è lungo solo {bytes} byte; ne servono almeno {min}",
  },
  serial_in_inventory: {
    en: "serial number {serial} is already in the inventory",
    it: "il serial number {serial} è già nell'inventario",
  },
  no_user: { en: "no user {upn} in this tenant", it: "nessun utente {upn} in questo tenant" },
  user_has_token: {
    en: "user {upn} has a hardware token already",
    it: "l'utente {upn} ha già un token hardware",
  },
  user_method_limit: {
    en: "user {upn} has {max} OATH methods already",
    it: "l'utente {upn} ha già {max} metodi OATH",
  },
  taken_meanwhile: {
    en: "serial number or user taken by another import",
    it: "serial number o utente presi nel frattempo da un'altra importazione",
  },
  // A reason already in words: PSKC's, in English (PSKC files come through the CLI and the API).
  worded: { en: "{detail}", it: "{detail}" },
} as const satisfies Record<string, { en: string; it: string }>;

export function refusal(code: RefusalCode, values?: Refusal["values"]): Refusal {
  return values ? { code, values } : { code };
}

/** The reason in words; `{name}` takes the value of that name. */
export function refusalText(reason: Refusal, language: "en" | "it" = "en"): string {
  return texts[reason.code][language].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = reason.values?.[name];
    return value === undefined ? whole : String(value);
  });
}
