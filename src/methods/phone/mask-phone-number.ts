/**
 * A stored number (`+39 3331234567`) as pages show it: the country code and the last two digits,
 * the rest as dots in the shape of an Italian mobile (`+39 ••• •••• 67`), whatever its length,
 * so the mask tells nothing about the number but its country and its end.
 */
export function maskPhoneNumber(phoneNumber: string): string {
  const [countryCode = "", national = ""] = phoneNumber.split(" ");
  return `${countryCode} ••• •••• ${national.slice(-2)}`;
}
