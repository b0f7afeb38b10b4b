import { type Refusal, refusal } from "./refusal.ts";

/**
 * What a spreadsheet runs as a formula when a cell starts with it (OWASP's "CSV injection"): an
 * identifier that does would do so wherever the inventory is exported and opened. Spaces before
 * it count for nothing; a tab or a CR is one that trimming would otherwise hide.
 */
const formulaStart = /^ *[=+\-@\t\r]/;

/** Refuses `field` (as the file holds it, untrimmed) when it starts like a formula. */
export function formulaProblem(label: string, field: string | undefined): Refusal | undefined {
  return field !== undefined && formulaStart.test(field)
    ? refusal("formula", { label })
    : undefined;
}
