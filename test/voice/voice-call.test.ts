import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { verifyTwilioSignature } from "../../src/sender/twilio-signature.ts";
import type { CallScript } from "../../src/sender/voice/call-script.ts";
import { defaultGreetingScript } from "../../src/sender/voice/default-scripts.ts";
import { type CallAnswer, interpretDigits } from "../../src/sender/voice/interpret-digits.ts";
import { renderCallAnswer } from "../../src/sender/voice/render-call-answer.ts";
import { renderCallInstructions } from "../../src/sender/voice/render-call-instructions.ts";
import { twimlResponse } from "../../src/sender/voice/twiml.ts";
import { createVoiceProvider } from "../../src/sender/voice/voice-provider.ts";
import {
  startVoiceProviderDouble,
  type VoiceProviderDouble,
} from "../support/voice-provider-double.ts";

/**
 * The webhooks a sign-in call needs, built from the voice functions alone and served on
 * loopback: instructions, the keys, the final status. Every request's signature is checked
 * against the URL it came to; a forged one gets 403 and counts for nothing.
 */
type Webhooks = {
  readonly baseUrl: string;
  readonly answers: Map<string, CallAnswer>;
  readonly statuses: Map<string, string[]>;
  readonly forged: string[];
  /** The TwiML the instructions URL answers, when a test wants other instructions. */
  instructions?: ((callId: string) => string) | undefined;
  script: CallScript;
  close(): Promise<void>;
};

async function startWebhooks(authToken: string): Promise<Webhooks> {
  let server: Server | undefined;
  const hooks: Webhooks = {
    baseUrl: "",
    answers: new Map(),
    statuses: new Map(),
    forged: [],
    script: { language: "it", tenantName: "Comune di Pisa", fraudCode: "0#" },
    close: () => new Promise((resolve) => server?.close(() => resolve())),
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
    const url = `${hooks.baseUrl}${request.url}`;
    const signature = request.headers["x-twilio-signature"];
    if (
      !verifyTwilioSignature(
        authToken,
        url,
        params,
        typeof signature === "string" ? signature : undefined,
      )
    ) {
      hooks.forged.push(`${request.url} ${params.Digits ?? ""}`);
      response.writeHead(403).end();
      return undefined;
    }
    const [, callKey, step] = /^\/calls\/([^/]+)\/([a-z]+)$/.exec(request.url ?? "") ?? [];
    const callId = params.CallSid ?? "";
    const twiml = (body: string) =>
      response.writeHead(200, { "content-type": "text/xml" }).end(body);
    // The real routes take the call from their own store; here the URL's key names the call.
    if (step === "instructions") {
      return twiml(
        hooks.instructions?.(callId) ??
          renderCallInstructions({
            ...hooks.script,
            digitsUrl: `${hooks.baseUrl}/calls/${callKey}/digits`,
          }),
      );
    }
    if (step === "digits") {
      const answer = interpretDigits(params.Digits ?? "", hooks.script.fraudCode);
      hooks.answers.set(callId, answer);
      return twiml(renderCallAnswer(answer, hooks.script));
    }
    if (step === "status") {
      hooks.statuses.set(callId, [...(hooks.statuses.get(callId) ?? []), params.CallStatus ?? ""]);
      return response.writeHead(204).end();
    }
    return response.writeHead(404).end();
  };
  server = createServer((request, response) => {
    handle(request, response).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  Object.assign(hooks, { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  return hooks;
}

describe("a sign-in call, the provider double playing the provider", () => {
  let provider: VoiceProviderDouble;
  let hooks: Webhooks;
  before(async () => {
    provider = await startVoiceProviderDouble();
    hooks = await startWebhooks(provider.authToken);
  });
  after(async () => {
    await hooks.close();
    await provider.close();
  });

  const place = async (key: string) => {
    const voice = createVoiceProvider({
      kind: "twilio",
      baseUrl: provider.baseUrl,
      accountSid: provider.accountSid,
      authToken: provider.authToken,
    });
    const { callId } = await voice.placeCall({
      to: "+393331234567",
      from: "+390501234567",
      instructionsUrl: `${hooks.baseUrl}/calls/${key}/instructions`,
      statusCallbackUrl: `${hooks.baseUrl}/calls/${key}/status`,
    });
    return callId;
  };
  const reset = (changes: Partial<CallScript> = {}) => {
    hooks.script = { language: "it", tenantName: "Comune di Pisa", fraudCode: "0#", ...changes };
    hooks.instructions = undefined;
  };

  test("# approves: the greeting in Italian, then the success script, then the call ends", async () => {
    reset();
    const callId = await place("approve");
    const twiml = await provider.answer(callId, "#");
    assert.match(twiml ?? "", /<Hangup\/>/);
    assert.equal(hooks.answers.get(callId), "approve");
    const call = provider.call(callId);
    assert.deepEqual(call.said, [
      {
        verb: "Say",
        language: "it-IT",
        text: defaultGreetingScript("fraudGreeting", "it", hooks.script),
      },
      {
        verb: "Say",
        language: "it-IT",
        text: "L'accesso è stato verificato correttamente. Arrivederci.",
      },
    ]);
    assert.deepEqual(hooks.statuses.get(callId), ["completed"]);
    assert.equal(call.status, "completed");
  });

  test("0# reports fraud and hears the fraud confirmation", async () => {
    reset({ language: "en" });
    const callId = await place("fraud");
    await provider.answer(callId, "0#");
    assert.equal(hooks.answers.get(callId), "fraud");
    assert.deepEqual(provider.call(callId).said.at(-1), {
      verb: "Say",
      language: "en-US",
      text: "A fraud alert has been submitted. To unblock your account, please contact the IT help desk of Comune di Pisa.",
    });
  });

  test("other keys deny; a tenant's own fraud code of one key is read at once", async () => {
    reset();
    const wrong = await place("wrong");
    await provider.answer(wrong, "5");
    assert.equal(hooks.answers.get(wrong), "deny");
    assert.match(JSON.stringify(provider.call(wrong).said.at(-1)), /Verifica non consentita/);

    reset({ fraudCode: "9" });
    const nine = await place("nine");
    await provider.answer(nine, "9#");
    assert.match(provider.call(nine).documents[0] ?? "", /<Gather [^>]*numDigits="1"/);
    assert.equal(
      hooks.answers.get(nine),
      "fraud",
      "9 is gathered alone, the # after it is not read",
    );
  });

  test("silence asks nothing of the digits URL: the no-input script, a hang-up, and the call completes", async () => {
    reset();
    const callId = await place("silence");
    assert.equal(await provider.answer(callId, null), null);
    assert.equal(hooks.answers.has(callId), false);
    assert.deepEqual(provider.call(callId).said.at(-1), {
      verb: "Say",
      language: "it-IT",
      text: "Al momento non è possibile effettuare l'accesso. Riprova più tardi.",
    });
    assert.deepEqual(hooks.statuses.get(callId), ["completed"]);
  });

  test("a call nobody answers fetches no instructions and ends as no-answer", async () => {
    reset();
    const callId = await place("ringing");
    await provider.letRing(callId);
    assert.deepEqual(provider.call(callId).documents, []);
    assert.deepEqual(hooks.statuses.get(callId), ["no-answer"]);
    const busy = await place("busy");
    await provider.letRing(busy, "busy");
    assert.deepEqual(hooks.statuses.get(busy), ["busy"]);
  });

  test("digits posted without a signature, or with a wrong one, are refused and count for nothing", async () => {
    reset();
    for (const signature of ["none", "wrong"] as const) {
      const callId = await place(`forged-${signature}`);
      await assert.rejects(provider.answer(callId, "#", { signature }), /answered 403/);
      assert.equal(hooks.answers.has(callId), false, signature);
    }
    assert.equal(hooks.forged.length, 2);
  });

  test("a tenant's recording is played in place of the greeting", async () => {
    const recording = `${hooks.baseUrl}/greetings/t1/it/fraudGreeting?v=1`;
    reset({ recordings: { fraudGreeting: recording } });
    const callId = await place("recording");
    await provider.answer(callId, "#");
    assert.deepEqual(provider.call(callId).said[0], { verb: "Play", url: recording });
  });

  test("with the provider's default finishing key, # alone would post nothing: why the instructions set none", async () => {
    reset();
    hooks.instructions = () =>
      twimlResponse(
        `<Gather numDigits="2" action="${hooks.baseUrl}/calls/default-key/digits"><Say>Premere cancelletto.</Say></Gather><Hangup/>`,
      );
    const callId = await place("default-key");
    assert.equal(await provider.answer(callId, "#"), null);
    assert.equal(hooks.answers.has(callId), false, "indistinguishable from silence");
  });
});
