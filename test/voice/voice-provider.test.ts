import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { createVoiceProvider } from "../../src/sender/voice/voice-provider.ts";
import {
  startVoiceProviderDouble,
  type VoiceProviderDouble,
} from "../support/voice-provider-double.ts";

const call = {
  to: "+393331234567",
  from: "+390501234567",
  instructionsUrl: "https://mfa.comune.pisa.it/hooks/voice/calls/p1/instructions",
  statusCallbackUrl: "https://mfa.comune.pisa.it/hooks/voice/calls/p1/status",
};

/** The refusal `placeCall` rejects with: voice_call_failed, never naming the token. */
async function refusal(promise: Promise<unknown>, token: string, detail: RegExp) {
  const error = await promise.then(
    () => assert.fail("the call was placed"),
    (e: unknown) => e,
  );
  assert.ok(isVarcoError(error, "voice_call_failed"), String(error));
  assert.match(error.detail ?? "", detail);
  assert.doesNotMatch(`${error.message} ${error.detail} ${error.stack}`, new RegExp(token));
  assert.equal(error.expose, false);
}

describe("placing a call through the provider's Calls API", () => {
  let provider: VoiceProviderDouble;
  before(async () => {
    provider = await startVoiceProviderDouble();
  });
  after(() => provider.close());

  const config = () => ({
    kind: "twilio" as const,
    baseUrl: provider.baseUrl,
    accountSid: provider.accountSid,
    authToken: provider.authToken,
  });

  test("posts the documented form with Basic auth and answers the provider's call id", async () => {
    const { callId } = await createVoiceProvider(config()).placeCall(call);
    assert.match(callId, /^CA[0-9a-f]{32}$/);
    const request = provider.apiRequests.at(-1);
    assert.equal(request?.path, `/2010-04-01/Accounts/${provider.accountSid}/Calls.json`);
    assert.match(request?.contentType ?? "", /^application\/x-www-form-urlencoded/);
    assert.deepEqual(request?.form, {
      To: call.to,
      From: call.from,
      Url: call.instructionsUrl,
      Method: "POST",
      StatusCallback: call.statusCallbackUrl,
      StatusCallbackMethod: "POST",
    });
    const placed = provider.call(callId);
    assert.deepEqual([placed.to, placed.from, placed.status], [call.to, call.from, "queued"]);
  });

  test("a trailing slash on the base URL changes nothing", async () => {
    const { callId } = await createVoiceProvider({
      ...config(),
      baseUrl: `${provider.baseUrl}/`,
    }).placeCall(call);
    assert.ok(provider.call(callId));
  });

  test("a wrong token is refused by the provider, and the error does not carry it", async () => {
    const token = "f00dfeedf00dfeedf00dfeedf00dfeed";
    await refusal(
      createVoiceProvider({ ...config(), authToken: token }).placeCall(call),
      token,
      /HTTP 401 \(provider error 20003\)/,
    );
  });

  test("a refused number is a refusal with the provider's error code", async () => {
    await refusal(
      createVoiceProvider(config()).placeCall({ ...call, to: "+39" }),
      provider.authToken,
      /HTTP 400 \(provider error 21211\)/,
    );
    provider.refuseNextCall(429, 20429, "Too Many Requests");
    await refusal(
      createVoiceProvider(config()).placeCall(call),
      provider.authToken,
      /HTTP 429 \(provider error 20429\)/,
    );
  });

  test("an unreachable provider and a silent one are refusals too", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port: closedPort } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await refusal(
      createVoiceProvider({ ...config(), baseUrl: `http://127.0.0.1:${closedPort}` }).placeCall(
        call,
      ),
      provider.authToken,
      /could not be reached/,
    );

    // Reads the request and never answers.
    const silent = createServer((request) => request.resume());
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      await refusal(
        createVoiceProvider(
          { ...config(), baseUrl: `http://127.0.0.1:${port}` },
          { timeoutMs: 200 },
        ).placeCall(call),
        provider.authToken,
        /did not answer within 200 ms/,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test("an answer without a call id is a refusal", async () => {
    const odd = createServer((request, response) => {
      request.resume();
      response.writeHead(201, { "content-type": "application/json" });
      response.end(JSON.stringify({ status: "queued" }));
    });
    await new Promise<void>((resolve) => odd.listen(0, "127.0.0.1", resolve));
    const { port } = odd.address() as AddressInfo;
    try {
      await refusal(
        createVoiceProvider({ ...config(), baseUrl: `http://127.0.0.1:${port}` }).placeCall(call),
        provider.authToken,
        /without a call id/,
      );
    } finally {
      await new Promise<void>((resolve) => odd.close(() => resolve()));
    }
  });
});
