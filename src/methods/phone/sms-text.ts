/**
 * The text of a code message, in the user's language, with the tenant's name. The last line is
 * the origin-bound one-time code format (`@host #code`, WICG "Origin-bound one-time codes
 * delivered via SMS"): phones offer the code for autofill only on a page of that host, so a
 * phishing page elsewhere gets no help from the phone.
 */
export function smsCodeText(input: {
  readonly language: "it" | "en";
  readonly tenantName: string;
  readonly code: string;
  readonly host: string;
}): string {
  const { code, tenantName, host } = input;
  const first =
    input.language === "it"
      ? `${code} è il tuo codice di verifica per ${tenantName}. Non comunicarlo a nessuno.`
      : `${code} is your ${tenantName} verification code. Do not share it with anyone.`;
  return `${first}\n\n@${host} #${code}`;
}
