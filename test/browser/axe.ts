import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axePath = createRequire(import.meta.url).resolve("axe-core");

/** The widths every page is checked at: a desktop and a phone. */
export const widths = [1280, 390];

/**
 * The rule ids axe finds broken, with the first few elements of each. axe comes in as a script
 * tag, which the pages' CSP would refuse: the contexts bypass CSP (the other browser tests keep
 * checking it).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate("typeof axe !== 'undefined'")))
    await page.addScriptTag({ path: axePath });
  const violations = (await page.evaluate(`axe
    .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] })
    .then((result) => result.violations.map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")))`)) as string[];
  return violations;
}
