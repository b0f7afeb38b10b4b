import { VarcoError } from "../../errors/varco-error.ts";
import type { VoiceProviderConfig } from "./voice-provider-config.ts";

export type CallRequest = {
  /** The user's number, E.164 (`+393331234567`). */
  readonly to: string;
  /** The caller ID the user sees: the tenant's number, E.164. */
  readonly from: string;
  /** Where the provider fetches the call's instructions (POST, signed) once the user answers. */
  readonly instructionsUrl: string;
  /** Where the provider posts the call's final status (completed, busy, no-answer, failed, canceled). */
  readonly statusCallbackUrl: string;
};

export type VoiceProvider = {
  /** Asks the provider to place the call; resolves with the provider's id for it (`CallSid`). */
  placeCall(call: CallRequest): Promise<{ callId: string }>;
};

const defaultTimeoutMs = 10_000;
const callIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The provider's client. A refused or unreadable answer, a network failure or a timeout rejects
 * with `voice_call_failed`, whose detail names the status and the provider's error code, never
 * the auth token (sent only in the `Authorization` header, never in a URL).
 */
export function createVoiceProvider(
  config: VoiceProviderConfig,
  options: { timeoutMs?: number } = {},
): VoiceProvider {
  const endpoint = `${config.baseUrl.replace(/\/+$/, "")}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Calls.json`;
  const authorization = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64")}`;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  return {
    async placeCall(call) {
      const form = new URLSearchParams({
        To: call.to,
        From: call.from,
        Url: call.instructionsUrl,
        Method: "POST",
        StatusCallback: call.statusCallbackUrl,
        StatusCallbackMethod: "POST",
      });
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: "POST",
          headers: {
            authorization,
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
          },
          body: form.toString(),
          redirect: "error",
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && error.name === "TimeoutError";
        throw new VarcoError(
          "voice_call_failed",
          timedOut
            ? `the voice provider did not answer within ${timeoutMs} ms`
            : "the voice provider could not be reached",
          { expose: false },
        );
      }
      const body = await readJson(response);
      if (response.status !== 201 && response.status !== 200) {
        const code = typeof body?.code === "number" ? ` (provider error ${body.code})` : "";
        throw new VarcoError(
          "voice_call_failed",
          `the voice provider refused the call with HTTP ${response.status}${code}`,
          { expose: false },
        );
      }
      const sid = body?.sid;
      if (typeof sid !== "string" || !callIdPattern.test(sid)) {
        throw new VarcoError("voice_call_failed", "the voice provider answered without a call id", {
          expose: false,
        });
      }
      return { callId: sid };
    },
  };
}

async function readJson(response: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = await response.json();
    return typeof value === "object" && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
