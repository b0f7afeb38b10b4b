/**
 * Shows a value someone sent us inside an error detail: strings quoted so blanks are visible
 * and cut short so a megabyte of input does not end up in the logs; numbers and the rest as is.
 */
export function quoteValue(value: unknown, maxLength = 40): string {
  if (typeof value !== "string") return String(value).slice(0, maxLength);
  return JSON.stringify(value.length > maxLength ? `${value.slice(0, maxLength)}…` : value);
}
