import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { checkGreeting, maxGreetingBytes } from "../../src/sender/voice/check-greeting.ts";
import { mp3File, wavFile } from "../support/audio.ts";
import { pngImage } from "../support/images.ts";

async function refused(bytes: Uint8Array, name: string, code: string) {
  const error = await checkGreeting(bytes, name).then(
    () => assert.fail(`${name} was accepted`),
    (e: unknown) => e,
  );
  assert.ok(isVarcoError(error), String(error));
  assert.equal(error.code, code, error.message);
}

// Entra's "Custom greetings": WAV or MP3, at most 1 MB, under 20 seconds, read from the file.
describe("a custom greeting's check", () => {
  test("accepts a short WAV and a short MP3, by their bytes, whatever their names", async () => {
    const wav = await checkGreeting(wavFile(3), "saluto.wav");
    assert.deepEqual(wav, { contentType: "audio/wav", durationMs: 3000, size: wavFile(3).length });
    const mp3 = await checkGreeting(mp3File(4), "saluto.wav");
    assert.equal(mp3.contentType, "audio/mpeg", "an MP3 named .wav is an MP3");
    assert.ok(mp3.durationMs >= 4000 && mp3.durationMs < 4100, String(mp3.durationMs));
    const stereo = await checkGreeting(
      wavFile(19.5, { sampleRate: 16000, bitsPerSample: 16 }),
      "quasi venti secondi.wav",
    );
    assert.equal(stereo.durationMs, 19_500);
  });

  test("refuses a file over 1 MB before reading it, even a short one", async () => {
    const big = wavFile(6, { sampleRate: 48000, channels: 2, bitsPerSample: 16 });
    assert.ok(big.length > maxGreetingBytes);
    await refused(big, "lungo.wav", "greeting_too_large");
    await refused(Buffer.alloc(maxGreetingBytes + 1), "zeros.mp3", "greeting_too_large");
  });

  test("refuses 20 seconds or more", async () => {
    await refused(wavFile(21), "ventuno.wav", "greeting_too_long");
    await refused(wavFile(20), "venti.wav", "greeting_too_long");
    await refused(mp3File(25), "venticinque.mp3", "greeting_too_long");
  });

  test("refuses what is not WAV or MP3 audio, whatever its name says", async () => {
    await refused(pngImage(16, 16, [200, 0, 0]), "saluto.wav", "greeting_format");
    await refused(Buffer.from("RIFF....WAVEfmt nothing else"), "saluto.wav", "greeting_format");
    await refused(Buffer.from("ID3 not really".repeat(10)), "saluto.mp3", "greeting_format");
    await refused(Buffer.alloc(4096), "silenzio.mp3", "greeting_format");
    await refused(new Uint8Array(0), "vuoto.wav", "greeting_format");
  });
});
