import type { GreetingKind, GreetingLanguage } from "../sender/voice/greeting-kinds.ts";

/** A tenant's recording of one greeting, as the page shows it (never its audio). */
export type GreetingRecording = {
  contentType: string;
  durationMs: number;
  size: number;
  createdAt: number;
  /** Where the page links to it, to listen to it. */
  url: string;
};

/** `/admin/voice-greetings`: per language, every greeting kind with its recording or default script. */
export type AdminVoiceGreetingsModel = {
  languages: {
    language: GreetingLanguage;
    greetings: { kind: GreetingKind; script: string; recording?: GreetingRecording }[];
  }[];
  kinds: GreetingKind[];
  /** The language and kind the upload form starts on (the last ones tried). */
  selected: { language: GreetingLanguage; kind: GreetingKind };
  readOnly: boolean;
  notice?: "voice_greeting_saved" | "voice_greeting_deleted";
  error?: "greeting_too_large" | "greeting_too_long" | "greeting_format";
};
