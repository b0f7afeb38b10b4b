import { SmsGatewayError } from "./sms-gateway-error.ts";

export type HttpGatewayAnswer = { readonly status: number; readonly body: string };

/**
 * One HTTP request to a gateway with the global fetch, bounded by `AbortSignal.timeout`: the
 * answer (any status) with its body read, or an SmsGatewayError for a timeout or a network
 * failure. The error names `name` and the host, never the request: its headers hold credentials
 * and its body holds the code.
 */
export async function requestHttpGateway(
  name: string,
  url: URL,
  init: { method: "GET" | "POST"; headers: Record<string, string>; body?: string },
  timeoutMs: number,
): Promise<HttpGatewayAnswer> {
  try {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    if (error instanceof DOMException && error.name === "TimeoutError") {
      throw new SmsGatewayError(
        "timeout",
        `no answer from ${name} at ${url.host} in ${timeoutMs} ms`,
      );
    }
    const reason =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
    throw new SmsGatewayError(
      "unreachable",
      `cannot reach ${name} at ${url.host}${reason ? `: ${reason}` : ""}`,
    );
  }
}

/** The JSON of an answer, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
