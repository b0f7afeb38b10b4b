import { VarcoError } from "../errors/varco-error.ts";

/** $top: digits only, from 1 to `maxTop`; absent means `defaultTop`. */
export function parseTop(text: string | undefined, defaultTop: number, maxTop: number): number {
  if (text === undefined) return defaultTop;
  const top = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!(top >= 1 && top <= maxTop)) {
    throw new VarcoError("invalid_request", `$top must be a whole number from 1 to ${maxTop}`);
  }
  return top;
}
