import { parseBuffer } from "music-metadata";
import { VarcoError } from "../../errors/varco-error.ts";

/** Entra's limits for a custom greeting: WAV or MP3, at most 1 MB, under 20 seconds. */
export const maxGreetingBytes = 1024 * 1024;
export const maxGreetingMs = 20_000;

export type CheckedGreeting = {
  /** The `Content-Type` the recording is served with to the provider. */
  readonly contentType: "audio/wav" | "audio/mpeg";
  readonly durationMs: number;
  readonly size: number;
};

/**
 * A custom greeting read by its own bytes with music-metadata, never by its name or a declared
 * type: a WAV (RIFF/WAVE) or an MP3 (MPEG Layer III), of at most 1 MB, lasting under 20 seconds
 * (every frame counted, not a header's claim). Refused otherwise with `greeting_too_large`,
 * `greeting_format` or `greeting_too_long`. `declaredName` only names the file in the refusal.
 */
export async function checkGreeting(
  bytes: Uint8Array,
  declaredName: string,
): Promise<CheckedGreeting> {
  const name = JSON.stringify(declaredName.slice(0, 100));
  if (bytes.length > maxGreetingBytes) {
    throw new VarcoError(
      "greeting_too_large",
      `${name} has ${bytes.length} bytes; at most ${maxGreetingBytes}`,
    );
  }
  let format: {
    container?: string | undefined;
    codec?: string | undefined;
    duration?: number | undefined;
  };
  try {
    ({ format } = await parseBuffer(bytes, undefined, { duration: true, skipCovers: true }));
  } catch {
    throw new VarcoError("greeting_format", `${name} is neither WAV nor MP3`);
  }
  const contentType =
    format.container === "WAVE"
      ? "audio/wav"
      : format.container === "MPEG" && /Layer 3/.test(format.codec ?? "")
        ? "audio/mpeg"
        : undefined;
  const duration = format.duration;
  if (!contentType || duration === undefined || !Number.isFinite(duration) || duration <= 0) {
    throw new VarcoError("greeting_format", `${name} is neither WAV nor MP3`);
  }
  const durationMs = Math.round(duration * 1000);
  if (duration * 1000 >= maxGreetingMs) {
    throw new VarcoError(
      "greeting_too_long",
      `${name} lasts ${(durationMs / 1000).toFixed(1)} s; it must last under ${maxGreetingMs / 1000} s`,
    );
  }
  return { contentType, durationMs, size: bytes.length };
}
