import type { HttpTemplateGatewayConfig } from "./sms-gateway.ts";

export const templatePlaceholders = ["to", "text", "reference"] as const;
export type TemplatePlaceholder = (typeof templatePlaceholders)[number];

/** `{{to}}`, `{{text}}`, `{{reference}}`, and any other `{{word}}` so that a typo is caught. */
export const placeholderPattern = /\{\{([^{}]*)\}\}/g;

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const controlCharacter = /[\u0000-\u001f\u007f]/;

/**
 * The problems of an HTTP template gateway's configuration, each naming its field; empty when
 * Varco can use it. Refused: a URL that is not http(s); a template (the URL, plus the body for
 * POST) without `{{to}}` or `{{text}}`, or with a placeholder Varco does not know; a JSON body
 * that is not JSON once filled in (a placeholder outside a JSON string); header names that are
 * not HTTP tokens and header values with control characters (a way to smuggle headers).
 */
export function checkHttpTemplateConfig(config: HttpTemplateGatewayConfig): string[] {
  const problems: string[] = [];
  if (config.method !== "POST" && config.method !== "GET") {
    problems.push("method: must be POST or GET");
  }
  if (
    config.contentType !== "application/json" &&
    config.contentType !== "application/x-www-form-urlencoded"
  ) {
    problems.push("contentType: must be application/json or application/x-www-form-urlencoded");
  }

  const sample = (template: string, encode: (value: string) => string) =>
    template.replace(placeholderPattern, (_all, name: string) => encode(`"&\n${name}`));
  let url: URL | undefined;
  try {
    url = new URL(sample(config.url, encodeURIComponent));
  } catch {
    problems.push("url: not a valid URL");
  }
  if (url && url.protocol !== "https:" && url.protocol !== "http:") {
    problems.push("url: must start with https:// or http://");
  }

  const templates = config.method === "GET" ? [config.url] : [config.url, config.body];
  const used = new Set(
    templates.flatMap((template) =>
      [...template.matchAll(placeholderPattern)].map((match) => match[1] ?? ""),
    ),
  );
  for (const required of ["to", "text"]) {
    if (!used.has(required)) problems.push(`template: {{${required}}} is missing`);
  }
  for (const name of used) {
    if (!(templatePlaceholders as readonly string[]).includes(name)) {
      problems.push(
        `template: {{${name}}} is not a placeholder (use {{to}}, {{text}}, {{reference}})`,
      );
    }
  }
  if (config.method === "POST" && config.contentType === "application/json") {
    try {
      JSON.parse(sample(config.body, (value) => JSON.stringify(value).slice(1, -1)));
    } catch {
      problems.push("body: not JSON once filled in (put each placeholder inside a JSON string)");
    }
  }

  for (const [name, value] of Object.entries(config.headers)) {
    if (!headerName.test(name)) problems.push(`headers: "${name}" is not a valid header name`);
    if (controlCharacter.test(value))
      problems.push(`headers: the value of "${name}" has a control character`);
  }
  if (config.messageIdPath !== undefined && !/^[^.]+(\.[^.]+)*$/.test(config.messageIdPath)) {
    problems.push("messageIdPath: must be names joined by dots (messages.0.id)");
  }
  return problems;
}
